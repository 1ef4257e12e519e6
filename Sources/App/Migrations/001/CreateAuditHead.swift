import Fluent

struct CreateAuditHead: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int, .required)
            .field("hash", .string, .required)
            .create()
        let head = AuditHead(id: 1, seq: 0, hash: AuditChain.genesis)
        try await head.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_head").delete()
    }
}
