import Fluent
import FluentSQL
import Vapor

enum AuditIndex {
    struct Model {
        var entries: [AuditEntry]
        var total: Int
        var list: ListQuery
        var verification: AuditVerificationReport?
        var csrf: String
        var paging: Paging { list.paging }
    }

    /// Who did it (their name as recorded), what, to which object, and when; `action` and `object` take
    /// the names the log knows, a day is a UTC day and `to` includes its day.
    static var filters: [ListQuery.Filter] {
        [
            .init("actor", label: "audit.actor", .text(max: 100)),
            .init("action", label: "audit.action", .oneOf(knownActions)),
            .init("object", label: "audit.object", .oneOf(knownObjects)),
            .init("object_id", label: "audit.filter.object_id", .text(max: 40)),
            .init("from", label: "list.filter.from", .day),
            .init("to", label: "list.filter.to", .day),
        ]
    }

    static func query(on db: any Database, list: ListQuery) async throws -> (rows: [AuditEntry], total: Int) {
        let query = AuditEntry.query(on: db)
        if !list["actor"].isEmpty { query.filter(TextMatch.anyContains(["actor_label"], list["actor"])) }
        if !list["action"].isEmpty { query.filter(\.$action == list["action"]) }
        if !list["object"].isEmpty { query.filter(\.$objectType == list["object"]) }
        if !list["object_id"].isEmpty { query.filter(\.$objectID == list["object_id"]) }
        if let from = list.dayStart("from") { query.filter(\.$at >= from) }
        if let to = list.dayEnd("to") { query.filter(\.$at < to) }
        let total = try await query.count()
        let paging = list.paging
        let rows = try await query.sort(\.$seq, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }
}
