import Detection
import Fluent
import Foundation
import Monitor
import Vapor

/// The icon of a captured page, as evidence: the capture of it already taken with the page when there
/// is one, else fetched now through the guarded fetcher and recorded (WARC and a `captures` row of
/// role `favicon`, the page as its parent), so the hash a proposal rests on can be shown from a record.
enum FaviconCapture {
    static let contentTypes: Set<String> = [
        "image/x-icon", "image/vnd.microsoft.icon", "image/ico", "image/icon", "image/png", "image/gif", "image/jpeg",
        "image/webp", "image/svg+xml", "application/octet-stream", "text/plain",
    ]

    struct Icon: Sendable {
        var captureID: Int
        var bytes: [UInt8]
    }

    static func icon(of page: SitePage, fetch: Bool, app: Application) async throws -> Icon? {
        guard let url = page.faviconURL, let pageID = page.capture.id else { return nil }
        let directory = try app.monitoring.warcDirectory
        // The page's own capture of it first, else the newest capture of the same icon address.
        var taken = try await Capture.query(on: app.db).filter(\.$parentCaptureID == pageID).filter(\.$url == url)
            .filter(\.$warcFile != nil).sort(\.$id, .descending).first()
        if taken == nil {
            taken = try await Capture.query(on: app.db).filter(\.$role == "favicon").filter(\.$url == url)
                .filter(\.$warcFile != nil).sort(\.$id, .descending).first()
        }
        if let taken, let id = taken.id {
            guard let stored = try? StoredResponse.read(taken, directory: directory, maxBodyBytes: FaviconHash.maxBytes),
                  !stored.cut, (200..<300).contains(stored.status), !stored.body.isEmpty
            else { return nil }
            return Icon(captureID: id, bytes: stored.body)
        }
        guard fetch else { return nil }
        let services = try app.monitoring
        let source = try await page.capture.sourceID.asyncFlatMap { try await SourceSnapshot.load(id: $0, on: app.db) }
        let recorder = CaptureRecorder(source: source, job: nil, services: services, app: app)
        let result = await services.fetcher.fetch(services.locate(url), acceptedContentTypes: contentTypes)
        guard !result.exchanges.isEmpty else { return nil }
        let recorded = try await recorder.record(result, role: "favicon", parentCaptureID: pageID)
        guard let id = recorded.finalCaptureID, let final = result.final, result.failure == nil,
              result.outcome == .complete, (200..<300).contains(final.status), !final.body.isEmpty,
              final.body.count <= FaviconHash.maxBytes
        else { return nil }
        return Icon(captureID: id, bytes: final.body)
    }
}
