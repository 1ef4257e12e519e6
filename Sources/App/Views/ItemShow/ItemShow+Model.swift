import Fluent
import Vapor

/// One item version with its capture and the other versions of the same item.
enum ItemShow {
    struct Model {
        var item: Item
        /// The item's source, for a viewer who may view sources (an expert may not).
        var source: Source?
        /// Where the source's name leads: its timeline for a viewer of every item, its page for one who
        /// sees items only through cases, nowhere otherwise.
        var sourceLink: String?
        var capture: Capture?
        /// The versions the viewer may open: for a viewer who sees items only through cases, those cases hold.
        var versions: [Item]
        var media: [StoredMedia]
        var canDownload: Bool
        /// The screenshot of a browser capture, or the video of a video capture, of the item's capture.
        var captured: CapturedView? = nil
        var capturedText: CapturedVideoText? = nil
    }

    /// What the browser or yt-dlp kept beside the item's capture, with a video's info and subtitles read back.
    static func captured(for item: Item, app: Application) async throws -> (CapturedView?, CapturedVideoText?) {
        guard let captureID = item.captureID,
              let view = try await CapturedView.load(anchors: [captureID], on: app.db)[captureID] else { return (nil, nil) }
        let text = view.info != nil || !view.subtitles.isEmpty
            ? CapturedVideoText.read(view, warcDirectory: try app.monitoring.warcDirectory) : nil
        return (view, text)
    }

    static func query(id: Int, seen: Visibility, on db: any Database) async throws
        -> (item: Item, source: Source?, sourceLink: String?, capture: Capture?, versions: [Item])?
    {
        guard let item = try await Item.find(id, on: db) else { return nil }
        let source = seen.sees(.source) ? try await Source.find(item.sourceID, on: db) : nil
        let sourceLink = source.map { s in
            seen.seesAll(.item) ? "/sources/\(s.id ?? 0)/items" : "/sources/\(s.id ?? 0)"
        }
        let capture = try await item.captureID.asyncMap { try await Capture.find($0, on: db) } ?? nil
        var versions = try await Item.query(on: db).filter(\.$sourceID == item.sourceID)
            .filter(\.$itemKey == item.itemKey).sort(\.$version).limit(200).all()
        if !seen.seesAll(.item) {
            versions = try await heldByVisibleCases(versions, seen: seen, on: db)
        }
        return (item, source, sourceLink, capture, versions)
    }

    /// The versions some case the viewer may see holds (the rule `EvidenceScope` applies to each opening).
    static func heldByVisibleCases(_ versions: [Item], seen: Visibility, on db: any Database) async throws -> [Item] {
        let ids = versions.compactMap(\.id)
        guard !ids.isEmpty, let cases = seen.cases(on: db) else { return [] }
        let held = try await CaseEvidence.query(on: db).filter(\.$itemID ~~ ids).all()
        let caseIDs = Array(Set(held.map(\.caseID)))
        guard !caseIDs.isEmpty else { return [] }
        let visible = Set(try await cases.filter(\.$id ~~ caseIDs).all(\.$id))
        let openable = Set(held.filter { visible.contains($0.caseID) }.compactMap(\.itemID))
        return versions.filter { $0.id.map(openable.contains) ?? false }
    }
}
