import Evidence
import Fluent
import Foundation
import KaiguulCore
import SQLKit

/// What the analysers found on one item version, in words, and the analyst's decision on it.
enum ItemSignals {
    struct Row: Decodable, Sendable {
        var kind: String
        var score: Double
    }

    struct Model {
        var itemID: Int
        var signals: [Row]
        /// The signals' reasons decoded as the triage queue decodes them (`TriageDetails`).
        var reasons: TriageFinding
        var decision: String?
        var canDecide: Bool
        var csrf: String
    }

    /// `blobs` nil when the reader may not see the bank's images (their route is the triage area's).
    static func query(item: Item, media: [StoredMedia], language: Language, blobs: BlobStore?, on db: any Database)
        async throws -> (signals: [Row], reasons: TriageFinding, decision: String?)
    {
        let itemID = try item.requireID()
        let reasons = try await TriageDetails.item(itemID, title: item.title, text: item.text, media: media,
                                                   language: language, blobs: blobs, on: db)
        guard let sql = db as? any SQLDatabase else { return ([], reasons, nil) }
        let rows = try await sql.raw("""
            SELECT kind, score FROM signals WHERE item_id = \(bind: itemID) ORDER BY score DESC, id
            """).all(decoding: Row.self)
        struct Label: Decodable { var label: String }
        let label = try await sql.raw("SELECT label FROM item_labels WHERE item_id = \(bind: itemID)").first(decoding: Label.self)
        return (rows, reasons, label?.label)
    }
}
