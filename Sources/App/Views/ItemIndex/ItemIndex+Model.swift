import Fluent
import Vapor

/// Every collected item across sources, newest first: searched by text, title, author and link.
enum ItemIndex {
    struct Model {
        var items: [Item]
        var total: Int
        var list: ListQuery
        var sources: [Source]
        var paging: Paging { list.paging }
    }

    static let filters = [
        ListQuery.Filter("source", label: "item.source", .id),
        ListQuery.Filter("state", label: "item.state", .oneOf(["present", "gone"])),
        ListQuery.Filter("from", label: "list.filter.from", .day),
        ListQuery.Filter("to", label: "list.filter.to", .day),
    ]

    /// `from` and `to` are days of collection (UTC), the time Kaiguul saw the item.
    static func query(on db: any Database, list: ListQuery) async throws -> (rows: [Item], total: Int) {
        let query = Item.query(on: db)
        if !list.q.isEmpty {
            query.filter(TextMatch.anyContains(["text", "title", "author_handle", "permalink"], list.q))
        }
        if let source = list.id("source") { query.filter(\.$sourceID == source) }
        switch list["state"] {
        case "present": query.filter(\.$goneAt == nil)
        case "gone": query.filter(\.$goneAt != nil)
        default: break
        }
        if let from = list.dayStart("from") { query.filter(\.$createdAt >= from) }
        if let to = list.dayEnd("to") { query.filter(\.$createdAt < to) }
        let total = try await query.count()
        let paging = list.paging
        let rows = try await query.sort(\.$id, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }
}
