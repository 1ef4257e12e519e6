/// The PDQ hash of one sampled frame; `frameCount` consecutive near-identical samples were
/// collapsed into it, starting at `second`.
public struct VideoFrameHash: Sendable, Hashable, Codable {
    public let second: Int
    public let hash: PDQHash
    public let quality: Int
    public let frameCount: Int

    public init(second: Int, hash: PDQHash, quality: Int, frameCount: Int = 1) {
        self.second = second
        self.hash = hash
        self.quality = quality
        self.frameCount = frameCount
    }
}

/// Why a video could not be hashed.
public enum VideoError: Error, Sendable, Equatable, CustomStringConvertible {
    case tool(ExternalToolError)
    /// ffmpeg read the file but produced no frame (no video stream, or not a video).
    case noFrames
    case inputTooLarge(bytes: Int, limit: Int)
    case cannotWriteTemporaryFile(String)

    public var description: String {
        switch self {
        case let .tool(error): error.description
        case .noFrames: "no video frames in the file"
        case let .inputTooLarge(bytes, limit): "video of \(bytes) bytes exceeds the limit of \(limit) bytes"
        case let .cannotWriteTemporaryFile(message): "cannot write a temporary file: \(message)"
        }
    }
}
