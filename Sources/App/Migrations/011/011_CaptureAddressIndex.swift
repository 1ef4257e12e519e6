import Fluent
import SQLKit

/// The collateral check asks which captures came from a target's addresses on every block-order list
/// and case page; without an index that is a scan of every capture per target shown.
struct CreateCaptureAddressIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "captures_ip").on("captures").column("ip").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "captures_ip").run()
    }
}
