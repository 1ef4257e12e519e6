import CImage
import Foundation

/// Writes JPEG files (thumbnails for the item page; test files in every colour layout).
public enum JPEGEncoder {
    public enum Layout: Sendable {
        case rgb
        case grey
        /// Plain CMYK, no Adobe segment.
        case cmyk
        /// Inverted CMYK with an Adobe segment, as Photoshop writes it.
        case cmykAdobe
    }

    public static func encode(_ image: RGBImage, quality: Int = 85, progressive: Bool = false,
                              layout: Layout = .rgb) throws(MediaError) -> Data {
        guard image.width > 0, image.height > 0, image.width <= 65_500, image.height <= 65_500 else {
            throw .tooManyPixels(width: image.width, height: image.height, limit: 65_500 * 65_500)
        }
        let mode: cimage_encode_mode
        var input = image.pixels
        switch layout {
        case .rgb: mode = CIMAGE_ENCODE_RGB
        case .cmyk: mode = CIMAGE_ENCODE_CMYK
        case .cmykAdobe: mode = CIMAGE_ENCODE_CMYK_ADOBE
        case .grey:
            mode = CIMAGE_ENCODE_GREY
            input = (0..<image.pixelCount).map { i in
                let r = Int(image.pixels[3 * i]), g = Int(image.pixels[3 * i + 1]), b = Int(image.pixels[3 * i + 2])
                return UInt8((299 * r + 587 * g + 114 * b + 500) / 1000)
            }
        }
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = input.withUnsafeBufferPointer { pixels in
            cimage_encode_jpeg(pixels.baseAddress, UInt32(image.width), UInt32(image.height), Int32(mode.rawValue),
                               Int32(quality), progressive ? 1 : 0, &output, &length)
        }
        guard status == CIMAGE_OK.rawValue, let output else { throw .outOfMemory }
        defer { cimage_free_buffer(output) }
        return Data(bytes: output, count: length)
    }
}
