import Fluent
import Foundation
import SQLKit
import Vapor

/// A session row names its account, so a password change or reset can end the account's other
/// sessions. Rows written before this migration get it from their stored data.
struct UpdateSessionAddUser: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions").field("user_id", .int).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "sessions_user_id").on("sessions").column("user_id").run()
        struct Row: Decodable { var id: String; var data: String }
        for row in try await sql.raw("SELECT id, data FROM sessions").all(decoding: Row.self) {
            guard let data = try? JSONDecoder().decode(SessionData.self, from: Data(row.data.utf8)),
                  let uid = data["uid"].flatMap(Int.init)
            else { continue }
            try await sql.raw("UPDATE sessions SET user_id = \(bind: uid) WHERE id = \(bind: row.id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "sessions_user_id").run()
        }
        try await database.schema("sessions").deleteField("user_id").update()
    }
}
