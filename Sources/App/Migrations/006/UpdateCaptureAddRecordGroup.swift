import Fluent

/// A capture is three records written together: `request`, `response` and `metadata`. The row
/// always pointed at the response; a package must copy all three byte for byte, so the request's
/// and the metadata record's places, and every record's block digest, are kept too. Captures made
/// before this migration keep nulls here and are packaged with their response record alone.
struct UpdateCaptureAddRecordGroup: AsyncMigration {
    static let columns: [(String, DatabaseSchema.DataType)] = [
        ("request_offset", .int), ("request_length", .int), ("metadata_offset", .int), ("metadata_length", .int),
        ("record_digests", .string),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        for (name, type) in Self.columns {
            try await database.schema("captures").field(.string(name), type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.columns {
            try await database.schema("captures").deleteField(.string(name)).update()
        }
    }
}
