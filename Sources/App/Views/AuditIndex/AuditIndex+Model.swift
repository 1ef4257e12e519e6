import Fluent
import Vapor

enum AuditIndex {
    struct Model {
        var entries: [AuditEntry]
        var total: Int
        var paging: Paging
        var verification: AuditVerificationReport?
        var csrf: String
        var action: String
    }

    static func query(on db: any Database, action: String, paging: Paging) async throws -> (rows: [AuditEntry], total: Int) {
        let query = AuditEntry.query(on: db)
        if !action.isEmpty { query.filter(\.$action == action) }
        let total = try await query.count()
        let rows = try await query.sort(\.$seq, .descending).range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }
}
