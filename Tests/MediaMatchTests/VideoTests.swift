import Foundation
import Testing
@testable import MediaMatch

@Suite(.enabled(if: FFmpeg.isAvailable, "videos are made and read with ffmpeg"))
struct VideoTests {
    static let images = Fixtures.shared?.appendingPathComponent("pdq/images")

    /// A slideshow of fixture images, 3 s each, at 5 frames per second.
    static func slideshow(_ names: [String], to url: URL, size: String = "640:400",
                          codec: [String] = ["-c:v", "libx264"]) throws {
        var arguments: [String] = []
        var filters: [String] = []
        for (i, name) in names.enumerated() {
            arguments += ["-loop", "1", "-t", "3", "-i", images!.appendingPathComponent(name).path]
            filters.append("[\(i)]scale=\(size),setsar=1,fps=5[v\(i)]")
        }
        let inputs = names.indices.map { "[v\($0)]" }.joined()
        let graph = filters.joined(separator: ";") + ";\(inputs)concat=n=\(names.count)[out]"
        let status = try FFmpeg.run(arguments + ["-filter_complex", graph, "-map", "[out]"] + codec
            + ["-pix_fmt", "yuv420p", url.path])
        #expect(status == 0)
    }

    @Test func reencodedScaledAndTrimmedCopiesMatchTheBankedVideo() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let banked = dir.appendingPathComponent("banked.mp4")
        try Self.slideshow(["bridge-1-original.jpg", "q1050.jpg", "q2821.jpg", "q0746.jpg"], to: banked)
        let hasher = VideoHasher()
        let bankedFrames = try hasher.hash(fileAt: banked)
        // 12 s at one frame per second, four stills: runs of near-identical frames collapse.
        #expect(bankedFrames.map(\.frameCount).reduce(0, +) >= 11)
        #expect(bankedFrames.count >= 4 && bankedFrames.count <= 6, "\(bankedFrames.map(\.second))")
        #expect(bankedFrames.first?.second == 0)

        // Re-encoded with another codec and container, and scaled down.
        let reencoded = dir.appendingPathComponent("copy.avi")
        try FFmpeg.run(["-i", banked.path, "-vf", "scale=320:200", "-c:v", "mpeg4", "-q:v", "6", reencoded.path])
        // Trimmed: the last 6 seconds only.
        let trimmed = dir.appendingPathComponent("clip.mkv")
        try FFmpeg.run(["-ss", "6", "-i", banked.path, "-c:v", "libx264", trimmed.path])
        // Unrelated stills.
        let unrelated = dir.appendingPathComponent("other.mp4")
        try Self.slideshow(["q0122.jpg", "q0291.jpg", "pen-and-coaster.png"], to: unrelated)

        let matcher = VideoMatcher(videos: [BankedVideo(label: "Banned clip (fictional)", source: "decision 3/2025",
                                                        frames: bankedFrames)])
        let copy = matcher.matches(try hasher.hash(fileAt: reencoded))
        #expect(copy.count == 1)
        #expect((copy.first?.comparison.queryMatchedPercent ?? 0) >= 90)
        #expect((copy.first?.comparison.bankedMatchedPercent ?? 0) >= 90)

        let clip = matcher.matches(try hasher.hash(fileAt: trimmed))
        #expect(clip.count == 1)
        #expect((clip.first?.comparison.queryMatchedPercent ?? 0) >= 90)
        let bankedShare = clip.first?.comparison.bankedMatchedPercent ?? 0
        #expect(bankedShare >= 40 && bankedShare < 90, "\(bankedShare)")

        #expect(matcher.matches(try hasher.hash(fileAt: unrelated)).isEmpty)

        // A strict banked threshold rejects the clip but keeps the full copy.
        let strict = VideoMatcher(videos: matcher.videos, bankedThresholdPercent: 90)
        #expect(strict.matches(try hasher.hash(fileAt: trimmed)).isEmpty)
        #expect(strict.matches(try hasher.hash(fileAt: reencoded)).count == 1)

        // A still from the video matches frames through the image bank too.
        let imageBank = MediaMatcher(bank: MediaBank([MediaFingerprint(
            pdq: try #require(Fixtures.expected.first { $0.image == "images/q1050.jpg" }).hash, label: "still")]))
        let analysis = MediaAnalyzer(matcher: imageBank).analyzeVideo(fileAt: reencoded, videos: matcher)
        #expect(analysis.problem == nil && analysis.sha256?.count == 64)
        #expect(analysis.matches.contains { $0.second != nil && $0.match.fingerprint.label == "still" })
        #expect(analysis.videoMatches.first?.video.label == "Banned clip (fictional)")
        let output = MediaCommand.match(file: reencoded, matcher: imageBank, videos: matcher)
        #expect(output.exitCode == 0)
        #expect(output.standardOutput.contains("label=\"still\""))
        #expect(output.standardOutput.contains("match video query="))
    }

    @Test func videoWithoutFramesIsAClearError() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let audio = dir.appendingPathComponent("sound.m4a")
        try FFmpeg.run(["-f", "lavfi", "-i", "sine=duration=1", audio.path])
        #expect(throws: VideoError.noFrames) { try VideoHasher().hash(fileAt: audio) }
        let analysis = MediaAnalyzer(matcher: MediaMatcher(bank: MediaBank())).analyzeVideo(fileAt: audio)
        #expect(analysis.problem == .noFrames && analysis.frames.isEmpty && analysis.md5 != nil)

        let text = dir.appendingPathComponent("fake.mp4")
        try Data("not a video at all\n".utf8).write(to: text)
        #expect(throws: VideoError.self) { try VideoHasher().hash(fileAt: text) }
        #expect(throws: VideoError.self) { try VideoHasher().hash(data: Data()) }
    }

    @Test func playlistsCannotMakeFFmpegReadOtherFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let secret = dir.appendingPathComponent("secret.mp4")
        try Self.slideshow(["q0122.jpg"], to: secret)
        let playlist = dir.appendingPathComponent("evil.m3u8")
        let m3u8 = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n\(secret.path)\n#EXT-X-ENDLIST\n"
        try Data(m3u8.utf8).write(to: playlist)
        do {
            _ = try VideoHasher().hash(fileAt: playlist)
            Issue.record("the playlist was followed")
        } catch {
            guard case .tool(.failed) = error else { Issue.record("\(error)"); return }
        }
    }
}

@Suite struct MissingToolTests {
    @Test func missingFFmpegIsATypedError() {
        let hasher = VideoHasher(ffmpeg: "/nonexistent/bin/ffmpeg")
        #expect(throws: VideoError.tool(.missing(tool: "ffmpeg"))) {
            try hasher.hash(fileAt: URL(fileURLWithPath: "/nonexistent/video.mp4"))
        }
        let noPath = ExternalTool.locate("ffmpeg", environment: ["PATH": "/nonexistent"])
        #expect(noPath == nil)
    }

    @Test func missingTesseractIsATypedErrorAndTheRestWorks() throws {
        let extractor = TextExtractor(tesseract: "/nonexistent/bin/tesseract")
        #expect(!extractor.isAvailable)
        let image = TestImages.pattern(width: 32, height: 32)
        #expect(throws: TextExtractionError.tool(.missing(tool: "tesseract"))) {
            try extractor.extractText(from: image)
        }
        #expect(TextExtractionError.tool(.missing(tool: "tesseract")).description.contains("not installed"))
        // Hashing does not depend on it.
        #expect(try PDQHasher.hash(image).quality >= 0)
    }
}
