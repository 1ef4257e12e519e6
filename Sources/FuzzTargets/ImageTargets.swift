import CImage
import Foundation
import MediaMatch

/// The image decoders in Sources/CImage, each called directly so its corpus stays in its format, and the
/// Swift wrapper MediaMatch uses (format detection, limits, EXIF orientation applied).
enum ImageTargets {
    /// Small enough that a hostile header cannot make a run slow or large; the limit itself is under test.
    static let maxPixels: UInt64 = 1 << 20

    static func decoder(_ name: String,
                        _ decode: @escaping @Sendable (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<cimage_result>)
                            -> Int32) -> FuzzTarget {
        FuzzTarget(name: name) { bytes in
            var result = cimage_result()
            let status = bytes.withUnsafeBufferPointer { decode($0.baseAddress, $0.count, &result) }
            defer { cimage_free(&result) }
            check(status: status, result: result)
        }
    }

    static let jpeg = decoder("jpeg") { cimage_decode_jpeg($0, $1, maxPixels, 1, $2) }
    static let png = decoder("png") { cimage_decode_png($0, $1, maxPixels, $2) }
    static let webp = decoder("webp") { cimage_decode_webp($0, $1, maxPixels, $2) }
    static let gif = decoder("gif") { cimage_decode_gif($0, $1, maxPixels, $2) }

    static let exif = FuzzTarget(name: "exif") { bytes in
        let orientation = ImageDecoder.exifOrientation(Data(bytes))
        invariant((1...8).contains(orientation), "EXIF orientation \(orientation) out of 1...8")
    }

    /// The wrapper: any format, orientation applied; a decoded image's pixels match its size.
    static let image = FuzzTarget(name: "image") { bytes in
        let decoder = ImageDecoder(maxPixels: Int(maxPixels), maxBytes: 4 << 20)
        guard let image = try? decoder.decode(Data(bytes)) else { return }
        invariant(image.width > 0 && image.height > 0 && image.pixels.count == image.width * image.height * 3)
        invariant(UInt64(image.pixelCount) <= maxPixels, "decoded past the pixel limit")
    }

    nonisolated(unsafe) static var sunk: UInt8 = 0

    @inline(never)
    static func sink(_ value: UInt8) { sunk = value }

    /// On success: a buffer of exactly width × height × 3 bytes within the limit (ASan sees a short
    /// buffer when the bytes are read); on failure: no buffer and a message.
    static func check(status: Int32, result: cimage_result) {
        if status == CIMAGE_OK.rawValue {
            invariant(result.pixels != nil && result.width > 0 && result.height > 0, "OK without pixels")
            let count = Int(result.width) * Int(result.height) * 3
            invariant(UInt64(result.width) * UInt64(result.height) <= maxPixels, "decoded past the pixel limit")
            // Touch every byte: ASan reports a buffer shorter than the size claimed.
            sink(UnsafeBufferPointer(start: result.pixels, count: count).reduce(0, &+))
            invariant((1...8).contains(result.orientation), "orientation \(result.orientation)")
        } else {
            invariant(result.pixels == nil, "a failed decode left a pixel buffer")
        }
    }
}
