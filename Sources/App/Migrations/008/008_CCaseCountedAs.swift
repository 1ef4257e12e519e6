import Fluent
import KaiguulCore
import SQLKit

/// Whether a case's target counts as a site or an account (`SiteOrAccount`, the rule of the figures),
/// kept on the row so the case list's "site / account" filter agrees with the dashboard and the reports
/// (it used to test `target_kind = 'domain'`, which called a page on a site an account).
struct UpdateCaseAddCountedAs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("cases").field("counted_as", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        struct Row: Decodable { var id: Int; var target: String }
        var after = 0
        while true {
            let rows = try await sql.select().columns("id", "target").from("cases")
                .where("id", .greaterThan, after).orderBy("id").limit(500).all(decoding: Row.self)
            guard let last = rows.last else { break }
            for row in rows {
                try await sql.update("cases").set("counted_as", to: SiteOrAccount.of(target: row.target).rawValue)
                    .where("id", .equal, row.id).run()
            }
            after = last.id
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("cases").deleteField("counted_as").update()
    }
}
