import Fluent
import SQLKit

/// Volunteers and tips get a data key each (`RecordKey`), a contact search hash, and the dates
/// retention and erasure work from.
struct UpdateVolunteerAndTipAddSealing: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("volunteers")
            .field("data_key", .string)
            .field("contact_hash", .string)
            .field("left_on", .string)
            .field("erased_at", .datetime)
            .update()
        try await database.schema("tips")
            .field("data_key", .string)
            .field("erased_at", .datetime)
            .update()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "volunteers_contact_hash_idx").on("volunteers").column("contact_hash").run()
            try await sql.create(index: "volunteers_left_on_idx").on("volunteers").column("left_on").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "volunteers_contact_hash_idx").run()
            try await sql.drop(index: "volunteers_left_on_idx").run()
        }
        try await database.schema("tips").deleteField("data_key").deleteField("erased_at").update()
        try await database.schema("volunteers").deleteField("data_key").deleteField("contact_hash")
            .deleteField("left_on").deleteField("erased_at").update()
    }
}

/// Seals the names and contacts written before sealing existed. It needs the keyring, so it is
/// registered with the application's (`Migrations.register`), not listed in `Migrations.all`.
struct SealPersonalFields: AsyncMigration {
    let keyring: PersonalDataKeyring

    func prepare(on database: any Database) async throws {
        _ = try await PersonalDataSealer.sealPlainRows(on: database, keyring)
    }

    func revert(on database: any Database) async throws {}
}
