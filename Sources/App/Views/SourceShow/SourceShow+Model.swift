import Fluent
import Vapor

enum SourceShow {
    struct Model {
        var source: Source
        var canEdit: Bool
        /// Distinct items captured from it (monitoring); nil for a viewer who sees items only through cases.
        var itemCount: Int? = nil
    }

    static func query(id: Int, on db: any Database) async throws -> Source? {
        try await Source.query(on: db).filter(\.$id == id).with(\.$region).with(\.$organization).first()
    }
}
