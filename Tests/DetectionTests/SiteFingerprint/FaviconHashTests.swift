import Foundation
import Testing
@testable import Detection

/// Reference values computed with Python's `mmh3` 5.3.1 (`mmh3.hash(base64.encodebytes(b))`, and
/// `mmh3.hash(b[, seed])` for the raw hash); `scripts/check-favicon-hash.py` compares many more.
@Suite struct FaviconHashTests {
    @Test func murmurMatchesTheReferenceOnEveryTailLength() {
        #expect(MurmurHash3.signed([UInt8]()) == 0)
        #expect(MurmurHash3.signed(Array("a".utf8)) == 1_009_084_850)
        #expect(MurmurHash3.signed(Array("ab".utf8)) == -1_681_926_305)
        #expect(MurmurHash3.signed(Array("abc".utf8)) == -1_277_324_294)
        #expect(MurmurHash3.signed(Array("abcd".utf8)) == 1_139_631_978)
        #expect(MurmurHash3.signed([UInt8](), seed: 42) == 142_593_372)
        #expect(MurmurHash3.signed(Array("abcd".utf8), seed: 42) == -396_302_900)
    }

    @Test func shodanHashesTheBase64WithItsLineBreaks() {
        #expect(FaviconHash.shodan([]) == 0)
        #expect(FaviconHash.shodan(Array("a".utf8)) == -316_242_180)
        #expect(FaviconHash.shodan(Array("abc".utf8)) == -868_969_266)
        let long = (0..<3).flatMap { _ in (0...255).map { UInt8($0) } }
        #expect(FaviconHash.shodan(long) == 1_836_528_006)
        // Without the line breaks the value is another one: they are part of what Shodan hashes.
        let flat = Array(Data(long).base64EncodedString().utf8)
        #expect(MurmurHash3.signed(flat) != 1_836_528_006)
    }

    @Test func encodebytesCutsLinesOf76AndEndsEachWithANewline() {
        #expect(FaviconHash.encodebytes([]) == [])
        #expect(String(decoding: FaviconHash.encodebytes(Array("a".utf8)), as: UTF8.self) == "YQ==\n")
        let bytes = [UInt8](repeating: 0xff, count: 58)
        let text = String(decoding: FaviconHash.encodebytes(bytes), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[0].count == 76 && lines[1] == "/w==" && lines[2].isEmpty)
        #expect(Data(base64Encoded: text.replacingOccurrences(of: "\n", with: "")) == Data(bytes))
    }

    @Test func anIconAboveTheBoundIsNotHashed() {
        #expect(FaviconHash.shodan([UInt8](repeating: 1, count: FaviconHash.maxBytes + 1)) == nil)
    }
}
