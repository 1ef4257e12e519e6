import Foundation
import Testing
@testable import MediaMatch

@Suite struct MediaAnalyzerTests {
    static func bank() throws -> MediaBank {
        let bridge = try #require(Fixtures.expected.first { $0.image == "images/bridge-1-original.jpg" })
        let lowQuality = try #require(Fixtures.expected.first { $0.image == "images/q0003.jpg" })
        let wee = try Fixtures.data("images/wee.jpg")
        return MediaBank([
            MediaFingerprint(pdq: bridge.hash, label: "Bridge poster (fictional)", source: "decision 1/2025"),
            MediaFingerprint(pdq: lowQuality.hash, label: "flat image", source: "decision 2/2025"),
            try MediaFingerprint(kind: .sha256, value: Digest.sha256(wee), label: "wee leaflet", source: "partner"),
            try MediaFingerprint(kind: .md5, value: Digest.md5(wee), label: "wee leaflet (md5)", source: "partner"),
        ])
    }

    @Test func reencodedResizedAndRotatedCopiesMatch() throws {
        let analyzer = MediaAnalyzer(matcher: MediaMatcher(bank: try Self.bank()))
        for name in ["bridge-1-original", "shrink-a-lot", "blur-a-lot", "sharpen-a-lot", "bridge-2-rotate-90",
                     "bridge-7-flip-plus-1"] {
            let analysis = analyzer.analyze(data: try Fixtures.data("images/\(name).jpg"))
            #expect(analysis.problem == nil)
            let match = try #require(analysis.matches.first, "\(name)")
            #expect(match.fingerprint.label == "Bridge poster (fictional)")
            #expect(match.distance <= 31 && match.quality == 100)
            if name == "bridge-2-rotate-90" { #expect(match.transform != .original) }
            if name == "bridge-1-original" { #expect(match.transform == .original && match.distance <= 8) }
        }
        // Without transforms a rotated copy is not found.
        let plain = MediaAnalyzer(matcher: MediaMatcher(bank: try Self.bank()), matchesTransforms: false)
        #expect(plain.analyze(data: try Fixtures.data("images/bridge-2-rotate-90.jpg")).matches.isEmpty)
    }

    @Test func unrelatedImagesDoNotMatch() throws {
        let analyzer = MediaAnalyzer(matcher: MediaMatcher(bank: try Self.bank()))
        for name in ["q0122", "q0291", "q1050", "q2821"] {
            let analysis = analyzer.analyze(data: try Fixtures.data("images/\(name).jpg"))
            #expect(analysis.pdq != nil)
            #expect(analysis.matches.isEmpty, "\(name)")
        }
    }

    @Test func lowQualityHashesAreReportedNotMatched() throws {
        let analyzer = MediaAnalyzer(matcher: MediaMatcher(bank: try Self.bank()))
        let analysis = analyzer.analyze(data: try Fixtures.data("images/q0003.jpg"))
        #expect(analysis.isLowQuality)
        #expect(analysis.pdq?.quality ?? 100 < 50)
        // Its own banked hash is within distance 31 but must not be matched at this quality.
        #expect(analysis.matches.isEmpty)
    }

    @Test func exactFilesMatchBySHA256AndMD5() throws {
        let analyzer = MediaAnalyzer(matcher: MediaMatcher(bank: try Self.bank()))
        let analysis = analyzer.analyze(data: try Fixtures.data("images/wee.jpg"))
        let kinds = Set(analysis.matches.filter { $0.quality == nil }.map(\.fingerprint.kind))
        #expect(kinds == [.sha256, .md5])
        // A corrupt file still gets its exact hashes checked.
        let garbage = Data("not an image".utf8)
        let fingerprint = try MediaFingerprint(kind: .sha256, value: Digest.sha256(garbage))
        let matcher = MediaMatcher(bank: MediaBank([fingerprint]))
        let broken = MediaAnalyzer(matcher: matcher).analyze(data: garbage)
        #expect(broken.problem == .unknownFormat && broken.matches.count == 1)
    }

    @Test func hashCommandPrintsHexQualityFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("bridge.jpg")
        try Fixtures.data("images/bridge-1-original.jpg").write(to: good)
        let bad = dir.appendingPathComponent("notes.jpg")
        try Data("plain text".utf8).write(to: bad)
        let output = MediaCommand.hash(files: [good, bad])
        let fields = output.standardOutput.split(separator: "\n").first?.split(separator: " ") ?? []
        #expect(fields.count == 3)
        let expected = try #require(Fixtures.expected.first { $0.image == "images/bridge-1-original.jpg" })
        #expect(PDQHash(hex: fields.first ?? "").map { $0.distance(to: expected.hash) <= 8 } == true)
        #expect(fields.count == 3 && fields[1] == "100" && fields[2] == Substring(good.path))
        #expect(output.standardError.contains("notes.jpg") && output.standardError.contains("not a JPEG"))
        #expect(output.exitCode == 1)
        #expect(MediaCommand.hash(files: [good]).exitCode == 0)
    }

    @Test func matchCommandListsBankEntries() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let matcher = MediaMatcher(bank: try Self.bank())
        let copy = dir.appendingPathComponent("upload.bin")
        try Fixtures.data("images/shrink-a-little.jpg").write(to: copy)
        let found = MediaCommand.match(file: copy, matcher: matcher)
        #expect(found.exitCode == 0)
        #expect(found.standardOutput.contains("match pdq distance="))
        #expect(found.standardOutput.contains("label=\"Bridge poster (fictional)\""))

        let low = dir.appendingPathComponent("low.jpg")
        try Fixtures.data("images/q0003.jpg").write(to: low)
        let lowOutput = MediaCommand.match(file: low, matcher: matcher)
        #expect(lowOutput.standardOutput.contains("below 50: not matched"))
        #expect(lowOutput.exitCode == 2)

        let other = dir.appendingPathComponent("other.jpg")
        try Fixtures.data("images/q0122.jpg").write(to: other)
        #expect(MediaCommand.match(file: other, matcher: matcher).standardOutput.hasSuffix("no match\n"))
    }
}
