import Fluent
import SQLKit

/// Volunteers and tips get a data key each (`RecordKey`), a contact search hash, and the dates
/// retention and erasure work from.
struct UpdateVolunteerAndTipAddSealing: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        for (name, type) in [("data_key", DatabaseSchema.DataType.string), ("contact_hash", .string),
                             ("left_on", .string), ("erased_at", .datetime)] {
            try await database.schema("volunteers").field(FieldKey(stringLiteral: name), type).update()
        }
        for (name, type) in [("data_key", DatabaseSchema.DataType.string), ("erased_at", .datetime)] {
            try await database.schema("tips").field(FieldKey(stringLiteral: name), type).update()
        }
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
        for name in ["data_key", "erased_at"] {
            try await database.schema("tips").deleteField(FieldKey(stringLiteral: name)).update()
        }
        for name in ["data_key", "contact_hash", "left_on", "erased_at"] {
            try await database.schema("volunteers").deleteField(FieldKey(stringLiteral: name)).update()
        }
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
