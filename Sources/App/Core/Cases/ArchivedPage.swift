import Fluent
import Foundation
import Monitor
import Vapor

/// A captured page as it was served, from its WARC `response` record, made safe to show
/// (`ArchivedHTML`). Its images are the same capture's: media captures whose parent is this page,
/// or images the same job fetched at that address. They are written into the page as `data:` URIs
/// read from their own WARC records, so the sandboxed frame (an opaque origin, which carries no
/// session cookie) makes no request at all.
struct ArchivedPage: Sendable {
    var capture: Capture
    var html: String
    /// Image addresses of the page replaced by their archived copies.
    var rewrittenImages: Int
    var cut: Bool

    static let maxImages = 50
    static let maxImageBytes = 4 * 1_048_576
    static let maxImagesBytes = 16 * 1_048_576
    /// Image types shown inline. Not SVG: it is a document that can carry scripts and links.
    static let imageTypes: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]

    static func isHTML(_ contentType: String?) -> Bool {
        let type = (contentType ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        return type == "text/html" || type == "application/xhtml+xml"
    }

    static func load(captureID: Int, app: Application) async throws -> ArchivedPage {
        // A resource record (a browser's DOM, a screenshot, a video) has no HTTP response to show.
        guard let capture = try await Capture.find(captureID, on: app.db), capture.role != "media",
              !capture.isResourceRecord, isHTML(capture.contentType)
        else { throw AppError.notFound }
        let directory = try app.monitoring.warcDirectory
        let response = try StoredResponse.read(capture, directory: directory)
        let text = CharsetDecoder.decode(response.body, contentType: response.header("Content-Type") ?? capture.contentType,
                                         markup: .html).text
        let wanted = Set(ArchivedHTML.imageURLs(in: text, baseURL: capture.url))
        var images: ArchivedHTML.ImageMap = [:]
        var total = 0
        for media in try await sameCaptureImages(of: capture, urls: wanted, on: app.db) {
            guard images[media.url] == nil, images.count < maxImages,
                  let stored = try? StoredResponse.read(media, directory: directory, maxBodyBytes: maxImageBytes),
                  !stored.cut, (200..<300).contains(stored.status)
            else { continue }
            let type = (stored.header("Content-Type") ?? media.contentType ?? "").split(separator: ";").first
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            guard imageTypes.contains(type), total + stored.body.count <= maxImagesBytes else { continue }
            total += stored.body.count
            images[media.url] = "data:\(type);base64," + Data(stored.body).base64EncodedString()
        }
        return ArchivedPage(capture: capture, html: ArchivedHTML.render(text, baseURL: capture.url, images: images),
                            rewrittenImages: images.count, cut: response.cut)
    }

    /// Media captures of this page: its children only, the captures `EvidenceScope` lets a reader
    /// of this page open too (another page's images of the same job may belong to no case of theirs).
    static func sameCaptureImages(of capture: Capture, urls: Set<String>, on db: any Database) async throws
        -> [Capture]
    {
        guard let id = capture.id, !urls.isEmpty else { return [] }
        return try await Capture.query(on: db).filter(\.$role == "media").filter(\.$warcFile != nil)
            .filter(\.$url ~~ Array(urls.prefix(1_000))).filter(\.$parentCaptureID == id)
            .sort(\.$id).limit(maxImages * 4).all()
    }
}
