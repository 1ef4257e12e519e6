import Fluent
import SQLKit

/// The curriculum (issue 19): modules, and which training sessions use them. Completion is not
/// stored: it is derived from `training_attendance` (a person who attends twice completes once).
struct CreateCCurriculum: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_modules")
            .field("id", .int, .identifier(auto: true))
            .field("title_ky", .string, .required)
            .field("title_ru", .string, .required)
            .field("title_en", .string, .required)
            .field("audience", .string, .required)
            .field("language", .string, .required)
            .field("duration_minutes", .int, .required)
            .field("organization_ids", .sql(.text), .required)
            .field("counter_material_ids", .sql(.text), .required)
            .field("materials", .sql(.text), .required)
            .field("created_at", .datetime)
            .create()
        // The unique pair is what keeps a module counted once per session however often it is chosen.
        try await database.schema("training_session_modules")
            .field("id", .int, .identifier(auto: true))
            .field("training_id", .int, .required, .references("trainings", "id"))
            .field("module_id", .int, .required, .references("training_modules", "id"))
            .unique(on: "training_id", "module_id", name: "uq_training_session_modules_training_id_module_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        // Completion by module (session → attendance) and "not trained for a year" (attendance by volunteer).
        for (name, table, columns) in [
            ("ix_training_session_modules_module_id", "training_session_modules", "module_id, training_id"),
            ("ix_training_attendance_training_id", "training_attendance", "training_id"),
            ("ix_training_attendance_volunteer_id", "training_attendance", "volunteer_id, training_id"),
        ] {
            try await sql.raw(SQLQueryString("CREATE INDEX IF NOT EXISTS \(name) ON \(table) (\(columns))")).run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for name in ["ix_training_attendance_training_id", "ix_training_attendance_volunteer_id"] {
                try await sql.raw(SQLQueryString("DROP INDEX IF EXISTS \(name)")).run()
            }
        }
        try await database.schema("training_session_modules").delete()
        try await database.schema("training_modules").delete()
    }
}
