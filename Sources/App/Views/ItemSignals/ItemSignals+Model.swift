import Fluent
import Foundation
import SQLKit

/// What the analysers found on one item version, and the analyst's decision on it.
enum ItemSignals {
    struct Row: Decodable, Sendable {
        var id: Int
        var kind: String
        var score: Double
        var organization_id: Int?
        var material_id: Int?
        var details: String
    }

    struct Model {
        var itemID: Int
        var signals: [Row]
        var decision: String?
        var canDecide: Bool
        var csrf: String
    }

    static func query(itemID: Int, on db: any Database) async throws -> (signals: [Row], decision: String?) {
        guard let sql = db as? any SQLDatabase else { return ([], nil) }
        let rows = try await sql.raw("""
            SELECT id, kind, score, organization_id, material_id, details FROM signals WHERE item_id = \(bind: itemID) \
            ORDER BY score DESC, id
            """).all(decoding: Row.self)
        struct Label: Decodable { var label: String }
        let label = try await sql.raw("SELECT label FROM item_labels WHERE item_id = \(bind: itemID)").first(decoding: Label.self)
        return (rows, label?.label)
    }

    /// A media match's details: which stored image, which banked entry, how close.
    struct MediaMatchDetails: Decodable {
        var media_url: String
        var media_sha256: String
        var label: String
        var distance: Int
        var quality: Int?
        var transform: String
    }
}
