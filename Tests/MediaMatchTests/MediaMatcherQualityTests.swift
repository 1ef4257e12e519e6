import Foundation
import Testing
@testable import MediaMatch

/// The quality floor holds on every path into the PDQ index: the single-hash path that video frames
/// take (`matches(pdq:quality:)`) as well as the image path over all rotations. Flat frames (black
/// screens, fades) have low-quality hashes that collide with each other. (Issue 13, point 12: the
/// single-hash path once lost its floor and no test noticed.)
@Suite struct MediaMatcherQualityTests {
    static let banked = PDQHash(w0: 0x0123_4567_89AB_CDEF, w1: 0xFEDC_BA98_7654_3210, w2: 0x0F0F_0F0F_F0F0_F0F0,
                                w3: 0x3333_CCCC_5555_AAAA)

    static func matcher() -> MediaMatcher {
        MediaMatcher(bank: MediaBank([MediaFingerprint(pdq: banked, label: "Banked frame (fictional)",
                                                       source: "decision 3/2025")]))
    }

    @Test func belowTheFloorNothingMatchesOnTheSingleHashPath() {
        // setup
        let matcher = Self.matcher()
        let floor = MediaMatcher.minimumQuality
        // MUT + validate: the very hash that is banked, at every quality below the floor
        for quality in [0, 1, floor / 2, floor - 1] {
            #expect(matcher.matches(pdq: Self.banked, quality: quality).isEmpty, "quality \(quality)")
        }
        // at the floor and above, the same hash matches
        for quality in [floor, 100] {
            let found = matcher.matches(pdq: Self.banked, quality: quality)
            #expect(found.map(\.fingerprint.label) == ["Banked frame (fictional)"], "quality \(quality)")
            #expect(found.first?.distance == 0 && found.first?.quality == quality)
        }
    }

    @Test(.enabled(if: FFmpeg.isAvailable && VideoTests.images != nil, "videos are made with ffmpeg"))
    func aFlatVideosFramesNeverMatchTheirOwnBankedHash() throws {
        // setup: a flat grey video and a slideshow; each one's first frame hash is banked
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let flat = dir.appendingPathComponent("flat.mp4")
        #expect(try FFmpeg.run(["-f", "lavfi", "-i", "color=c=gray:s=320x240:d=2:r=5", "-c:v", "libx264",
                                "-pix_fmt", "yuv420p", flat.path]) == 0)
        let still = dir.appendingPathComponent("still.mp4")
        try VideoTests.slideshow(["bridge-1-original.jpg"], to: still, size: "320:200")
        let hasher = VideoHasher()
        let flatFrame = try #require(try hasher.hash(fileAt: flat).first)
        let stillFrame = try #require(try hasher.hash(fileAt: still).first)
        #expect(flatFrame.quality < MediaMatcher.minimumQuality)
        #expect(stillFrame.quality >= MediaMatcher.minimumQuality)
        let analyzer = MediaAnalyzer(matcher: MediaMatcher(bank: MediaBank([
            MediaFingerprint(pdq: flatFrame.hash, label: "flat"), MediaFingerprint(pdq: stillFrame.hash, label: "still"),
        ])))

        // MUT
        let flatAnalysis = analyzer.analyzeVideo(fileAt: flat, hasher: hasher)
        let stillAnalysis = analyzer.analyzeVideo(fileAt: still, hasher: hasher)

        // validate: the flat video matches nothing, not even its own hash; the good one matches
        #expect(flatAnalysis.problem == nil && !flatAnalysis.frames.isEmpty)
        #expect(flatAnalysis.matches.isEmpty, "\(flatAnalysis.matches.map(\.match.fingerprint.label))")
        #expect(stillAnalysis.matches.contains { $0.second != nil && $0.match.fingerprint.label == "still" })
        #expect(!stillAnalysis.matches.contains { $0.match.fingerprint.label == "flat" })
    }
}
