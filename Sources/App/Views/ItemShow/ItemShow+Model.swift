import Fluent
import Vapor

/// One item version with its capture and the other versions of the same item.
enum ItemShow {
    struct Model {
        var item: Item
        var source: Source?
        var capture: Capture?
        var versions: [Item]
        var media: [StoredMedia]
        var canDownload: Bool
    }

    static func query(id: Int, on db: any Database) async throws -> (Item, Source?, Capture?, [Item])? {
        guard let item = try await Item.find(id, on: db) else { return nil }
        let source = try await Source.find(item.sourceID, on: db)
        let capture = try await item.captureID.asyncMap { try await Capture.find($0, on: db) } ?? nil
        let versions = try await Item.query(on: db).filter(\.$sourceID == item.sourceID)
            .filter(\.$itemKey == item.itemKey).sort(\.$version).limit(200).all()
        return (item, source, capture, versions)
    }
}

