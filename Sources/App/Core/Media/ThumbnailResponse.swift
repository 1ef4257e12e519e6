import Evidence
import Foundation
import MediaMatch
import Vapor

/// A small JPEG re-encoded from a stored image's decoded pixels: the file's own bytes (crawled,
/// hostile) never reach the analyst's browser, only pixels we drew. 404 when it is not an image.
enum ThumbnailResponse {
    static func make(sha256: String, blobs: BlobStore) throws -> Response {
        guard blobs.contains(sha256), let data = try? blobs.read(sha256, maxBytes: 64 << 20),
              let jpeg = try? Thumbnail.jpeg(from: data, maxDimension: 240) else { throw AppError.notFound }
        let response = Response(status: .ok, body: .init(data: jpeg))
        response.headers.contentType = .jpeg
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=3600")
        return response
    }
}
