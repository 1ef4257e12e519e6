import Fluent
import SQLKit

/// A tip carries the reference its sender was given (issue 14). Tips filed before get one now, so
/// every row has one; new rows always get one when filed.
struct UpdateTipAddReference: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tips").field("reference", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        struct Row: Decodable { var id: Int }
        let rows = try await sql.raw("SELECT id FROM tips WHERE reference IS NULL").all(decoding: Row.self)
        var given = Set<String>()
        for row in rows {
            var reference = TipReference.make()
            while !given.insert(reference).inserted { reference = TipReference.make() }
            try await sql.raw("UPDATE tips SET reference = \(bind: reference) WHERE id = \(bind: row.id)").run()
        }
        try await sql.create(index: "tips_reference_unique").on("tips").column("reference").unique().run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "tips_reference_unique").run()
        }
        try await database.schema("tips").deleteField("reference").update()
    }
}
