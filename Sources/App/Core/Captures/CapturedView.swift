import Fluent
import Foundation

/// What the browser and yt-dlp kept beside a page or a video, read back from the `captures` rows:
/// the screenshot and thumbnail of a browser capture, a video's info, file, thumbnail and subtitles.
/// Each is a row of its own, pointing at its WARC `resource` record and (for images and the video)
/// at the blob store by its payload digest; they hang off the capture an item or case names (the
/// page, or the video's info record) through `parent_capture_id`.
struct CapturedView: Sendable {
    var anchorID: Int
    var anchor: Capture?
    var screenshot: Capture?
    var thumbnail: Capture?
    var info: Capture?
    var video: Capture?
    var videoThumbnail: Capture?
    var subtitles: [Capture] = []
    /// Rows of the capture that failed (a refused request, a video yt-dlp could not fetch).
    var failures: [Capture] = []

    /// Roles read here; the page's own scripts, styles and images (`subresource`) and the DOM are not shown.
    static let roles = ["screenshot", "thumbnail", "video-info", "video", "video-thumbnail", "subtitles"]
    /// Rows read per anchor at most: a hostile page cannot make a case page read a million rows.
    static let maxRows = 200

    var isEmpty: Bool {
        screenshot == nil && thumbnail == nil && info == nil && video == nil && videoThumbnail == nil
            && subtitles.isEmpty && !isVideoAnchor
    }

    /// The anchor is itself a video's capture (its info record, or its failure).
    var isVideoAnchor: Bool {
        anchor?.captureMode == "video" || anchor?.role.map { $0.hasPrefix("video") } == true
    }

    /// The view of each anchor that has something to show, by anchor id.
    static func load(anchors: [Int], on db: any Database) async throws -> [Int: CapturedView] {
        let ids = Array(Set(anchors)).sorted().prefix(500)
        guard !ids.isEmpty else { return [:] }
        let own = try await Capture.query(on: db).filter(\.$id ~~ Array(ids)).all()
        let children = try await Capture.query(on: db).filter(\.$parentCaptureID ~~ Array(ids))
            .filter(\.$role ~~ roles).sort(\.$id).limit(maxRows * ids.count).all()
        var views: [Int: CapturedView] = [:]
        for row in own {
            guard let id = row.id else { continue }
            var view = CapturedView(anchorID: id, anchor: row)
            // A video item names the info record itself; a page names its own row.
            view.take(row)
            views[id] = view
        }
        var counts: [Int: Int] = [:]
        for row in children {
            guard let parent = row.parentCaptureID else { continue }
            counts[parent, default: 0] += 1
            guard counts[parent, default: 0] <= maxRows else { continue }
            views[parent, default: CapturedView(anchorID: parent)].take(row)
        }
        return views.filter { !$0.value.isEmpty }
    }

    /// Files the row under its role; the first of each kind wins (rows come in id order).
    mutating func take(_ row: Capture) {
        if row.error != nil, row.role.map { Self.roles.contains($0) } == true || row.id == anchorID && isVideoAnchor {
            failures.append(row)
            return
        }
        switch row.role {
        case "screenshot": screenshot = screenshot ?? row
        case "thumbnail": thumbnail = thumbnail ?? row
        case "video-info": info = info ?? row
        case "video": video = video ?? row
        case "video-thumbnail": videoThumbnail = videoThumbnail ?? row
        case "subtitles": subtitles.append(row)
        default: break
        }
    }

    /// The image to show small: the viewport thumbnail, else the screenshot itself.
    var preview: Capture? { thumbnail ?? screenshot }
}
