import Fluent
import SQLKit

/// Cases get the folded copy of their title and target that sources and organisations have, so the case
/// list's search finds "Кара" when "кара" is typed on SQLite too (its `LOWER` folds ASCII only).
/// `CaseSearchText` keeps it current on every save.
struct UpdateCaseAddSearchText: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("cases").field("search_text", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        struct Row: Decodable { var id: Int; var title: String; var target: String }
        // Batches by id, so a large table is never held in memory at once.
        var after = 0
        while true {
            let rows = try await sql.select().columns("id", "title", "target").from("cases")
                .where("id", .greaterThan, after).orderBy("id").limit(500).all(decoding: Row.self)
            guard let last = rows.last else { break }
            for row in rows {
                try await sql.update("cases").set("search_text", to: CaseSearchText.text(row.title, row.target))
                    .where("id", .equal, row.id).run()
            }
            after = last.id
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("cases").deleteField("search_text").update()
    }
}
