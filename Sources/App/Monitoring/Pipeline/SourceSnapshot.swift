import Fluent
import Foundation

/// What the pipeline needs to know of a source, read once at the start of a check.
struct SourceSnapshot: Sendable {
    var id: Int
    var kind: String
    var identity: String
    var address: String
    var title: String
    /// `CaptureMode` raw value: how the check reads the source.
    var captureMode: String = "http"

    static func load(id: Int, on db: any Database) async throws -> SourceSnapshot? {
        guard let source = try await Source.find(id, on: db) else { return nil }
        return SourceSnapshot(id: id, kind: source.kind, identity: source.identity, address: source.address,
                              title: source.title, captureMode: source.captureMode)
    }

    /// Goes into every metadata record: what was being watched.
    var warcLabel: String { "source:\(id) \(kind) \(identity)" }
}
