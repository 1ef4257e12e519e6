import Fluent
import SQLKit

/// How a source is read (`http`, `browser`, `video`) and how each capture was made. Existing sources
/// keep `http`, what they were read with; older captures have no mode (they were all `http`).
struct UpdateSourceAndCaptureAddMode: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sources")
            .field("capture_mode", .string, .required, .sql(.default(SQLLiteral.string("http"))))
            .update()
        try await database.schema("captures").field("capture_mode", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("captures").deleteField("capture_mode").update()
        try await database.schema("sources").deleteField("capture_mode").update()
    }
}
