import Detection
import Fluent
import Vapor

enum IndicatorIndex {
    struct Filters: Sendable {
        var q: String
        var organization: Int?
        var mode: String
        var language: String
        /// `active`, `retired` or empty for both.
        var state: String

        static func from(_ req: Request) -> Filters {
            Filters(q: String((req.query[String.self, at: "q"] ?? "").prefix(200)),
                    organization: req.query[Int.self, at: "organization_id"],
                    mode: String((req.query[String.self, at: "mode"] ?? "").prefix(20)),
                    language: String((req.query[String.self, at: "language"] ?? "").prefix(8)).lowercased(),
                    state: String((req.query[String.self, at: "state"] ?? "").prefix(10)))
        }
    }

    struct Row: Sendable {
        var id: Int
        var organizationID: Int?
        var organizationName: String
        var value: String
        var mode: String
        var language: String
        var weight: Double
        var retired: Bool
    }

    struct Model {
        var rows: [Row]
        var total: Int
        var filters: Filters
        var paging: Paging
        /// Organisations to filter by: id and name in the reader's language.
        var organizations: [(id: Int, name: String)]
        var canEdit: Bool
        var csrf: String
    }

    static func query(on db: any Database, filters: Filters, paging: Paging, language: Language) async throws
        -> (rows: [Row], total: Int)
    {
        let query = IndicatorRecord.query(on: db)
        if !filters.q.isEmpty { query.filter(Search.contains("search_text", filters.q)) }
        if let organization = filters.organization { query.filter(\.$organization.$id == organization) }
        if let mode = IndicatorMode(rawValue: filters.mode) { query.filter(\.$mode == mode.rawValue) }
        if !filters.language.isEmpty { query.filter(\.$language == filters.language) }
        if filters.state == "active" { query.filter(\.$retiredAt == nil) }
        if filters.state == "retired" { query.filter(\.$retiredAt != nil) }
        let total = try await query.count()
        let records = try await query.with(\.$organization).sort(\.$id, .descending)
            .range(paging.offset..<(paging.offset + paging.perPage)).all()
        let rows = records.compactMap { record -> Row? in
            guard let id = record.id else { return nil }
            return Row(id: id, organizationID: record.$organization.id,
                       organizationName: record.organization?.name(language) ?? "—", value: record.value,
                       mode: record.mode, language: record.language, weight: record.weight,
                       retired: record.retiredAt != nil)
        }
        return (rows, total)
    }

    static func organizations(on db: any Database, language: Language) async throws -> [(id: Int, name: String)] {
        try await Organization.query(on: db).sort(\.$id).all().compactMap { org in
            org.id.map { ($0, org.name(language)) }
        }
    }
}
