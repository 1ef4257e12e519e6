import Foundation
import KaiguulCore
import Testing

@testable import Evidence

@Suite struct FormatTests {
    /// Expected keys as printed by Python's `surt.surt()` 0.3.1 (what `cdxj-indexer` uses).
    @Test(arguments: [
        ("http://example.com/", "com,example)/"),
        ("https://www.Example.com/Path/A?b=2&a=1#frag", "com,example)/path/a?a=1&b=2"),
        ("http://example.com", "com,example)/"),
        ("http://example.com:8080/x", "com,example:8080)/x"),
        ("https://example.com:443/x", "com,example)/x"),
        ("http://127.0.0.1:8080/page?z=1&a=", "1,0,0,127:8080)/page?a=&z=1"),
        ("https://t.me/s/chan?before=123", "me,t)/s/chan?before=123"),
        ("http://www2.example.org/a//b/../c", "org,example)/a/c"),
        ("http://user:pw@example.com/x", "com,example)/x"),
        ("https://пример.рф/путь", "xn--p1ai,xn--e1afmkfd)/%d0%bf%d1%83%d1%82%d1%8c"),
        ("http://example.com/a%20b?q=a+b", "com,example)/a%20b?q=a+b"),
        ("http://example.com/?", "com,example)/"),
        ("http://EXAMPLE.com./x", "com,example)/x"),
        ("https://example.com/p?b=1&a=2&a=1", "com,example)/p?a=1&a=2&b=1"),
        ("http://127.0.0.1:42869/forum/", "1,0,0,127:42869)/forum"),
        ("https://www.Example.com/A/?b=1&a=2", "com,example)/a?a=2&b=1"),
        ("http://example.com/a/./b/..", "com,example)/a"),
        ("http://example.com/a//b/", "com,example)/a/b"),
    ])
    func surtMatchesThePythonPackage(uri: String, expected: String) {
        #expect(SURT.key(for: uri) == expected)
    }

    @Test func punycodeMatchesRFC3492Examples() {
        #expect(Punycode.encode("пример") == "e1afmkfd")
        #expect(Punycode.encode("bücher") == "bcher-kva")
        #expect(IDNHost.asciiHost("кыргызстан.kg") == "xn--80afmksoji0fc.kg")
    }

    @Test func warcDatesAreUTCAtTheRequestedPrecision() {
        let date = Date(timeIntervalSince1970: 1_709_251_199.123456)  // 2024-02-29T23:59:59.123456Z
        #expect(WARCDate.format(date, precision: .seconds) == "2024-02-29T23:59:59Z")
        #expect(WARCDate.format(date, precision: .milliseconds) == "2024-02-29T23:59:59.123Z")
        #expect(WARCDate.format(date).hasPrefix("2024-02-29T23:59:59.12345"))
        #expect(WARCDate.timestamp14(date) == "20240229235959")
        #expect(WARCDate.format(Date(timeIntervalSince1970: -1), precision: .seconds) == "1969-12-31T23:59:59Z")
        // Never rounds up into the next second.
        #expect(WARCDate.format(Date(timeIntervalSince1970: 59.9999999), precision: .seconds) == "1970-01-01T00:00:59Z")
    }

    @Test func warcDatesParseStrictly() throws {
        let parsed = try #require(WARCDate.parse("2024-02-29T23:59:59.5Z"))
        #expect(parsed.timeIntervalSince1970 == 1_709_251_199.5)
        #expect(WARCDate.parse("2024-06-01T12:00:00Z")?.timeIntervalSince1970 == 1_717_243_200)
        #expect(WARCDate.parse("2024")?.timeIntervalSince1970 == 1_704_067_200)
        for bad in ["", "2024-13-01T00:00:00Z", "2024-06-01 12:00:00Z", "2024-06-01T12:00:00",
                    "2024-06-01T12:00:00+01:00",
                    "2024-06-01T12:00:00.Z", "yesterday"] {
            #expect(WARCDate.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func encodingsRoundTripAndRejectGarbage() {
        let bytes: [UInt8] = Array(0...255)
        #expect(HexEncoding.decode(HexEncoding.encode(bytes)) == bytes)
        #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI======")  // RFC 4648 test vector
        #expect(HexEncoding.decode("0g") == nil)
        #expect(Base32.decode("MZ1W") == nil)
        #expect(HexEncoding.isSHA256Hex(String(repeating: "a", count: 64)))
        #expect(!HexEncoding.isSHA256Hex(String(repeating: "A", count: 64)))
        #expect(!HexEncoding.isSHA256Hex("../" + String(repeating: "a", count: 61)))
    }

    @Test func labelledDigestsParseAllCommonEncodings() throws {
        let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        let expected = HexEncoding.decode(hex)
        #expect(try LabelledDigest.parse("sha256:\(hex)").get().bytes == expected)
        #expect(try LabelledDigest.parse("SHA-256:\(hex.uppercased())").get().bytes == expected)
        #expect(try LabelledDigest.parse("sha256:4OYMIQUY7QOBJGX36TEJS35ZEQT24QPEMSNZGTFESWMRW6CSXBKQ====").get().bytes
            == expected)
        #expect(try LabelledDigest.parse("sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=").get().bytes == expected)
        #expect(LabelledDigest.parse("crc32:abcd") == .failure(.unsupportedAlgorithm("crc32")))
        #expect(LabelledDigest.parse("sha256:abcd") == .failure(.undecodableValue))
        #expect(LabelledDigest.parse("nolabel") == .failure(.missingLabel))
        #expect(LabelledDigest.sha256(expected ?? []).description == "sha256:\(hex)")
    }

    @Test func chunkedDecoderHandlesSplitInput() {
        let encoded = Array("4\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n".utf8)
        for split in 1..<encoded.count {
            var decoder = ChunkedDecoder()
            var out: [UInt8] = []
            decoder.feed(encoded[..<split]) { out += $0 }
            decoder.feed(encoded[split...]) { out += $0 }
            #expect(String(decoding: out, as: UTF8.self) == "Wikipedia in\r\n\r\nchunks.")
            #expect(decoder.isDone && decoder.failed == nil)
        }
        var bad = ChunkedDecoder()
        bad.feed(Array("x\r\n".utf8)) { _ in }
        #expect(bad.failed == .malformedSize)
    }
}
