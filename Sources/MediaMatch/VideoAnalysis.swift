import Foundation

/// What the analysis of one captured video found.
public struct VideoAnalysis: Sendable {
    public let md5: String?
    public let sha256: String?
    /// Distinct frames (near-identical consecutive frames collapsed), empty when hashing failed.
    public let frames: [VideoFrameHash]
    /// Exact-file matches, then frames matching banked images (with the second they start at).
    public let matches: [(second: Int?, match: BankMatch)]
    /// Banked videos matched as a whole, with the share of frames matched both ways.
    public let videoMatches: [VideoMatch]
    public let problem: VideoError?
}

extension MediaAnalyzer {
    /// The pipeline's step for a video file: exact digests, frames at one per second through
    /// ffmpeg, each frame against the image bank, and the whole against banked videos.
    /// Never throws: a missing ffmpeg or a broken file ends up as `problem`.
    public func analyzeVideo(fileAt url: URL, videos: VideoMatcher? = nil,
                             hasher: VideoHasher = VideoHasher()) -> VideoAnalysis {
        let digests = try? Digest.fileDigests(url)
        var matches: [(second: Int?, match: BankMatch)] = matcher.matches(md5: digests?.md5, sha256: digests?.sha256)
            .map { (nil, $0) }
        do {
            let frames = try hasher.hash(fileAt: url)
            for frame in frames {
                matches += matcher.matches(pdq: frame.hash, quality: frame.quality, frames: true).map { (frame.second, $0) }
            }
            return VideoAnalysis(md5: digests?.md5, sha256: digests?.sha256, frames: frames, matches: matches,
                                 videoMatches: videos?.matches(frames) ?? [], problem: nil)
        } catch {
            return VideoAnalysis(md5: digests?.md5, sha256: digests?.sha256, frames: [], matches: matches,
                                 videoMatches: [], problem: error)
        }
    }
}
