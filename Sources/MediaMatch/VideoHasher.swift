import Foundation

/// Samples a video with ffmpeg at one frame per second and hashes every frame with PDQ, as vPDQ
/// does; consecutive frames within `collapseDistance` of the last kept frame are collapsed.
///
/// ffmpeg decodes the video in its own process (a crash in a codec stays there) and writes
/// raw RGB frames of a fixed size to a pipe; they are hashed as they arrive, so memory stays at
/// one frame whatever the length. The input is restricted to the local file and to ordinary
/// video containers, so a hostile playlist cannot make ffmpeg read other files or the network.
public struct VideoHasher: Sendable {
    public var ffmpeg: String
    public var framesPerSecond: Int
    /// Frames are scaled to this square before hashing; PDQ reduces them to 64×64 anyway.
    public var frameSize: Int
    public var maxFrames: Int
    public var maxBytes: Int
    public var timeout: Double
    /// Frames within this distance of the last kept frame are collapsed into it.
    public var collapseDistance: Int

    /// Demuxers ffmpeg may use: ordinary containers only, no playlists or concat scripts.
    static let allowedDemuxers = "mov,matroska,avi,flv,mpegts,mpeg,ogg,gif,asf,m4v,h264,hevc,rawvideo"

    public init(ffmpeg: String = "ffmpeg", framesPerSecond: Int = 1, frameSize: Int = 256, maxFrames: Int = 3 * 3600,
                maxBytes: Int = 2 << 30, timeout: Double = 600, collapseDistance: Int = 8) {
        self.ffmpeg = ffmpeg
        self.framesPerSecond = framesPerSecond
        self.frameSize = frameSize
        self.maxFrames = maxFrames
        self.maxBytes = maxBytes
        self.timeout = timeout
        self.collapseDistance = collapseDistance
    }

    public func hash(fileAt url: URL) throws(VideoError) -> [VideoFrameHash] {
        guard let tool = ExternalTool.locate(ffmpeg) else { throw .tool(.missing(tool: "ffmpeg")) }
        let size = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        guard size <= maxBytes else { throw .inputTooLarge(bytes: size, limit: maxBytes) }
        let side = max(16, min(frameSize, 1024))
        let frameBytes = side * side * 3
        let arguments = [
            "-nostdin", "-hide_banner", "-loglevel", "error",
            "-protocol_whitelist", "file", "-format_whitelist", Self.allowedDemuxers,
            "-i", "file:" + url.standardizedFileURL.path,
            "-an", "-sn", "-dn",
            "-vf", "fps=\(max(1, framesPerSecond)),scale=\(side):\(side):flags=area",
            "-frames:v", String(maxFrames),
            "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
        ]
        var pending = Data()
        var frames: [VideoFrameHash] = []
        var index = 0
        var lastKept: PDQHash?
        let collapse = collapseDistance
        let fps = max(1, framesPerSecond)
        let status: Int32
        do {
            status = try tool.run(arguments, timeout: timeout) { chunk in
                pending.append(chunk)
                while pending.count >= frameBytes {
                    let frame = pending.prefix(frameBytes)
                    let result = frame.withUnsafeBytes { raw in
                        try? PDQHasher.hash(rgb: raw.bindMemory(to: UInt8.self), width: side, height: side)
                    }
                    pending.removeFirst(frameBytes)
                    if let result {
                        if let last = lastKept, result.hash.distance(to: last) <= collapse, let previous = frames.last {
                            frames[frames.count - 1] = VideoFrameHash(
                                second: previous.second, hash: previous.hash, quality: previous.quality,
                                frameCount: previous.frameCount + 1)
                        } else {
                            frames.append(VideoFrameHash(second: index / fps, hash: result.hash,
                                                         quality: result.quality))
                            lastKept = result.hash
                        }
                    }
                    index += 1
                }
                return index < maxFrames
            }
        } catch {
            // ffmpeg's way of saying the file has no video stream (an audio file, say).
            if case let .failed(_, _, message) = error, message.contains("does not contain any stream") {
                throw .noFrames
            }
            throw .tool(error)
        }
        _ = status
        guard !frames.isEmpty else { throw .noFrames }
        return frames
    }

    /// Hashes a video held in memory (written to a private temporary file for ffmpeg).
    public func hash(data: Data) throws(VideoError) -> [VideoFrameHash] {
        guard data.count <= maxBytes else { throw .inputTooLarge(bytes: data.count, limit: maxBytes) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-video-\(UUID().uuidString)")
        do {
            try data.write(to: url, options: [.atomic])
        } catch {
            throw .cannotWriteTemporaryFile(error.localizedDescription)
        }
        defer { try? FileManager.default.removeItem(at: url) }
        return try hash(fileAt: url)
    }
}
