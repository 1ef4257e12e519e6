/// Everything that can go wrong between bytes from outside and a hash. Each case says what a
/// person needs to know; none of them is a crash.
public enum MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not a JPEG, PNG, WebP or GIF (the file name is never trusted).
    case unknownFormat
    /// The file is truncated or damaged.
    case corrupt(format: ImageFormat, message: String)
    /// The header declares more pixels than allowed: refused before any pixel buffer exists.
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// Zero width or height, or no image data at all.
    case empty(String)
    /// A valid file using a feature we do not decode (e.g. animated WebP).
    case unsupported(format: ImageFormat, message: String)
    /// PDQ needs at least 5 pixels in each dimension.
    case tooSmallToHash(width: Int, height: Int)
    /// The input is larger than the byte limit.
    case inputTooLarge(bytes: Int, limit: Int)
    case outOfMemory

    public var description: String {
        switch self {
        case .unknownFormat: "not a JPEG, PNG, WebP or GIF image"
        case let .corrupt(format, message): "corrupt \(format.rawValue) image: \(message)"
        case let .tooManyPixels(width, height, limit):
            "image of \(width)×\(height) exceeds the limit of \(limit) pixels"
        case let .empty(message): "empty image: \(message)"
        case let .unsupported(format, message): "unsupported \(format.rawValue) image: \(message)"
        case let .tooSmallToHash(width, height): "image of \(width)×\(height) is too small to hash (minimum 5×5)"
        case let .inputTooLarge(bytes, limit): "input of \(bytes) bytes exceeds the limit of \(limit) bytes"
        case .outOfMemory: "out of memory while decoding"
        }
    }
}
