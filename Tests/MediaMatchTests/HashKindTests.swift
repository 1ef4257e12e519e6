import Foundation
import Testing
@testable import MediaMatch

@Suite("Hash kinds")
struct HashKindTests {
    @Test func everyKindIsRegisteredOnceAndFoundByItsListNames() throws {
        let names = HashKinds.registered.map(\.name)
        #expect(names == ["pdq", "md5", "sha256", "video_pdq"])
        #expect(Set(names).count == names.count)
        #expect(Set(HashKinds.registered.flatMap(\.listNames)).count == HashKinds.registered.flatMap(\.listNames).count)
        #expect(HashKinds.listed("PDQ")?.name == "pdq")
        #expect(HashKinds.listed("sha-256")?.name == "sha256")
        #expect(HashKinds.listed("md5")?.name == "md5")
        #expect(HashKinds.listed("SHA1") == nil)
        #expect(FingerprintKind(rawValue: "sha1") == nil)
        #expect(FingerprintKind(rawValue: "video_pdq") == .videoPDQ)
        #expect(FingerprintKind.allCases.map(\.rawValue) == names)
        #expect(FingerprintKind.md5.definition.digest(of: Data("abc".utf8)) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(FingerprintKind.pdq.definition.digest(of: Data("abc".utf8)) == nil)
        // Codable through the registry: an unknown kind in a stored bank is refused.
        let decoded = try JSONDecoder().decode([FingerprintKind].self, from: Data(#"["video_pdq","md5"]"#.utf8))
        #expect(decoded == [.videoPDQ, .md5])
        #expect(throws: (any Error).self) { _ = try JSONDecoder().decode([FingerprintKind].self, from: Data(#"["sha1"]"#.utf8)) }
    }

    /// `hex` with the lowest bit of its first `bits` hex digits flipped: exactly `bits` bits apart.
    static func flipped(_ hex: String, bits: Int) -> String {
        let digits = Array("0123456789abcdef")
        return String(hex.enumerated().map { index, c in
            guard index < bits, let v = digits.firstIndex(of: c) else { return c }
            return digits[v ^ 1]
        })
    }

    @Test func eachEntryMatchesWithinItsOwnDistanceAndNegativeEntriesSuppress() throws {
        let base = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
        let query = try #require(PDQHash(hex: Self.flipped(base, bits: 20)))
        var strict = try MediaFingerprint(kind: .pdq, value: base, label: "strict bank", source: "bank #2")
        strict.maxDistance = 10
        var loose = try MediaFingerprint(kind: .pdq, value: base, label: "loose bank", source: "bank #3")
        loose.maxDistance = 24
        let matcher = MediaMatcher(bank: MediaBank([strict, loose]))
        #expect(matcher.matches(pdq: query, quality: 100).map(\.fingerprint.label) == ["loose bank"])
        // A video frame's hash reaches video_pdq entries; a still image does not.
        let frame = try MediaFingerprint(kind: .videoPDQ, value: base, label: "clip frame", source: "bank #4")
        let videoMatcher = MediaMatcher(bank: MediaBank([frame]))
        #expect(videoMatcher.matches(pdq: query, quality: 100).isEmpty)
        #expect(videoMatcher.matches(pdq: query, quality: 100, frames: true).map(\.fingerprint.label) == ["clip frame"])
        // A negative bank entry near the query silences every match of that media, exact ones too.
        let md5 = "0123456789abcdef0123456789abcdef"
        let exact = try MediaFingerprint(kind: .md5, value: md5, label: "exact", source: "bank #3")
        let negative = try MediaFingerprint(kind: .pdq, value: Self.flipped(base, bits: 18), label: "known false positive")
        let suppressing = MediaMatcher(bank: MediaBank([loose, exact]), negative: MediaBank([negative]))
        #expect(suppressing.matches(pdq: query, quality: 100).isEmpty)
        #expect(suppressing.isSuppressed(pdq: [query]))
        #expect(suppressing.matches(md5: md5, sha256: nil).map(\.fingerprint.label) == ["exact"])
        let far = try #require(PDQHash(hex: Self.flipped("0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f", bits: 0)))
        #expect(!suppressing.isSuppressed(pdq: [far]))
    }
}
