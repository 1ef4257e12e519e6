import Foundation
import MediaMatch

/// An uploaded symbol image, checked before anything is stored: a JPEG, PNG, WebP or GIF by its
/// first bytes (never by its name or claimed type), within byte and pixel bounds (the pixel bound is
/// checked against the header, before decoding), decoded with the matcher's own decoder, and with a
/// PDQ hash of enough quality to match: a flat image's hash collides with too much.
struct KnowledgeSymbolImage: Sendable, Equatable {
    static let maxBytes = 2 << 20
    static let minSide = 32
    static let maxSide = 2048

    var mediaType: String
    var width: Int
    var height: Int
    var pdq: PDQHash
    var quality: Int

    static func check(_ data: Data) throws -> KnowledgeSymbolImage {
        guard !data.isEmpty else { throw AppError.invalid("file", "error.required") }
        guard data.count <= maxBytes else {
            throw AppError.invalid("file", "symbols.error.too_large", ["max": String(maxBytes >> 20)])
        }
        let mediaType: String
        switch ImageFormat.detect(data) {
        case .jpeg: mediaType = "image/jpeg"
        case .png: mediaType = "image/png"
        case .webp: mediaType = "image/webp"
        case .gif: mediaType = "image/gif"
        case .unknown: throw AppError.invalid("file", "symbols.error.not_image")
        }
        let decoder = ImageDecoder(maxPixels: maxSide * maxSide, maxBytes: maxBytes)
        let image: RGBImage
        do {
            image = try decoder.decode(data)
        } catch .tooManyPixels {
            throw dimensions()
        } catch {
            throw AppError.invalid("file", "symbols.error.not_image")
        }
        guard (minSide...maxSide).contains(image.width), (minSide...maxSide).contains(image.height) else {
            throw dimensions()
        }
        guard let hash = try? PDQHasher.hash(image) else { throw AppError.invalid("file", "symbols.error.not_image") }
        guard hash.quality >= MediaMatcher.minimumQuality else {
            throw AppError.invalid("file", "symbols.error.low_quality")
        }
        return KnowledgeSymbolImage(mediaType: mediaType, width: image.width, height: image.height, pdq: hash.hash,
                                    quality: hash.quality)
    }

    private static func dimensions() -> AppError {
        AppError.invalid("file", "symbols.error.dimensions", ["min": String(minSide), "max": String(maxSide)])
    }
}
