import Fluent

struct CreateTrainingAttendance: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_attendance")
            .field("id", .int, .identifier(auto: true))
            .field("training_id", .int, .required, .references("trainings", "id"))
            .field("volunteer_id", .int, .references("volunteers", "id"))
            .field("staff_name", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("training_attendance").delete()
    }
}
