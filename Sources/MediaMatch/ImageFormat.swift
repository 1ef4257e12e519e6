import CImage

/// The image formats we decode, recognised by their first bytes.
public enum ImageFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case jpeg, png, webp, gif, unknown

    /// Detects the format from magic bytes; the file name plays no part.
    public static func detect(_ bytes: some Collection<UInt8>) -> ImageFormat {
        let head = Array(bytes.prefix(16))
        let code = head.withUnsafeBufferPointer { buffer in
            cimage_detect_format(buffer.baseAddress, buffer.count)
        }
        return ImageFormat(cimageCode: code)
    }

    init(cimageCode: Int32) {
        switch UInt32(bitPattern: cimageCode) {
        case CIMAGE_FORMAT_JPEG.rawValue: self = .jpeg
        case CIMAGE_FORMAT_PNG.rawValue: self = .png
        case CIMAGE_FORMAT_WEBP.rawValue: self = .webp
        case CIMAGE_FORMAT_GIF.rawValue: self = .gif
        default: self = .unknown
        }
    }
}
