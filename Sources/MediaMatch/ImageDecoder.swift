import CImage
import Foundation

/// Decodes JPEG, PNG, WebP and GIF (first frame) into RGB through the system libraries.
public struct ImageDecoder: Sendable {
    /// Pixel limit checked against the header before allocating: 25 megapixels take about 75 MB
    /// as RGB and 200 MB as the two float planes PDQ needs.
    public static let defaultMaxPixels = 25_000_000
    /// Encoded files larger than this are refused without being read.
    public static let defaultMaxBytes = 64 << 20

    public var maxPixels: Int
    public var maxBytes: Int
    /// Applies the EXIF orientation of JPEG files, as viewers show them.
    public var appliesOrientation: Bool

    public init(
        maxPixels: Int = ImageDecoder.defaultMaxPixels,
        maxBytes: Int = ImageDecoder.defaultMaxBytes,
        appliesOrientation: Bool = true
    ) {
        self.maxPixels = maxPixels
        self.maxBytes = maxBytes
        self.appliesOrientation = appliesOrientation
    }

    public func decode(_ data: Data) throws(MediaError) -> RGBImage {
        guard data.count <= maxBytes else { throw .inputTooLarge(bytes: data.count, limit: maxBytes) }
        guard !data.isEmpty else { throw .empty("no data") }
        var result = cimage_result()
        let status = data.withUnsafeBytes { raw -> Int32 in
            let bytes = raw.bindMemory(to: UInt8.self)
            return cimage_decode(bytes.baseAddress, bytes.count, UInt64(max(0, maxPixels)),
                                 appliesOrientation ? 1 : 0, &result)
        }
        defer { cimage_free(&result) }
        guard status == CIMAGE_OK.rawValue, let pixels = result.pixels else {
            throw error(status: status, result: &result)
        }
        let width = Int(result.width), height = Int(result.height)
        let buffer = Array(UnsafeBufferPointer(start: pixels, count: width * height * 3))
        guard let image = RGBImage(width: width, height: height, pixels: buffer) else {
            throw .corrupt(format: ImageFormat(cimageCode: result.format), message: "inconsistent decoder output")
        }
        return image
    }

    public func decode(contentsOf url: URL) throws(MediaError) -> RGBImage {
        try decode(Self.read(url, maxBytes: maxBytes))
    }

    /// The EXIF orientation (1–8) of a JPEG, 1 when absent.
    public static func exifOrientation(_ data: Data) -> Int {
        Int(data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            return cimage_jpeg_exif_orientation(bytes.baseAddress, bytes.count)
        })
    }

    /// Reads a file, refusing it when larger than the limit. Reads at most `maxBytes + 1`
    /// bytes, so a pipe or device posing as a file cannot exhaust memory.
    static func read(_ url: URL, maxBytes: Int) throws(MediaError) -> Data {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .empty("cannot read \(url.path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        var data = Data()
        do {
            while data.count <= maxBytes {
                guard let chunk = try handle.read(upToCount: min(1 << 20, maxBytes + 1 - data.count)),
                      !chunk.isEmpty else { break }
                data.append(chunk)
            }
        } catch {
            throw .empty("cannot read \(url.path): \(error.localizedDescription)")
        }
        guard data.count <= maxBytes else { throw .inputTooLarge(bytes: data.count, limit: maxBytes) }
        return data
    }

    private func error(status: Int32, result: inout cimage_result) -> MediaError {
        let message = withUnsafeBytes(of: &result.message) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let format = ImageFormat(cimageCode: result.format)
        switch UInt32(bitPattern: status) {
        case CIMAGE_ERR_UNKNOWN_FORMAT.rawValue: return .unknownFormat
        case CIMAGE_ERR_TOO_LARGE.rawValue:
            return .tooManyPixels(width: Int(result.header_width), height: Int(result.header_height), limit: maxPixels)
        case CIMAGE_ERR_EMPTY.rawValue: return .empty(message)
        case CIMAGE_ERR_NO_MEMORY.rawValue: return .outOfMemory
        case CIMAGE_ERR_UNSUPPORTED.rawValue: return .unsupported(format: format, message: message)
        default: return .corrupt(format: format, message: message)
        }
    }
}
