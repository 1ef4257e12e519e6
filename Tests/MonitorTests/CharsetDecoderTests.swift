import Foundation
import Testing

@testable import Monitor

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct CharsetDecoderTests {
    // "Привет, мир" written out byte by byte in each charset.
    static let windows1251: [UInt8] = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2, 0x2C, 0x20, 0xEC, 0xE8, 0xF0]
    static let koi8r: [UInt8] = [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x2C, 0x20, 0xCD, 0xC9, 0xD2]

    @Test func windows1251FromHeader() {
        let decoded = CharsetDecoder.decode(
            Self.windows1251, contentType: "text/html; charset=Windows-1251", markup: .html)
        #expect(decoded.text == "Привет, мир")
        #expect(decoded.charset == "windows-1251" && decoded.source == .header)
    }

    @Test func koi8rFromHeader() {
        let decoded = CharsetDecoder.decode(Self.koi8r, contentType: "text/plain;charset=\"koi8-r\"", markup: .text)
        #expect(decoded.text == "Привет, мир")
    }

    @Test func charsetFromMetaTags() {
        let page =
            Array("<html><head><meta charset=\"windows-1251\"><title>x</title></head><body>".utf8)
            + Self.windows1251 + Array("</body></html>".utf8)
        let decoded = CharsetDecoder.decode(page, contentType: "text/html", markup: .html)
        #expect(decoded.source == .meta && decoded.charset == "windows-1251")
        #expect(decoded.text.contains("Привет, мир"))

        let equiv =
            Array("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">".utf8)
            + Array("</head><body>".utf8) + Self.koi8r
        let fromEquiv = CharsetDecoder.decode(equiv, contentType: nil, markup: .html)
        #expect(fromEquiv.charset == "koi8-r" && fromEquiv.text.hasSuffix("Привет, мир"))
    }

    @Test func charsetFromXMLDeclarationAndBOM() {
        let xml = Array("<?xml version='1.0' encoding='KOI8-R'?><r>".utf8) + Self.koi8r + Array("</r>".utf8)
        let decoded = CharsetDecoder.decode(xml, contentType: "application/xml", markup: .xml)
        #expect(decoded.source == .xmlDeclaration && decoded.text.contains("Привет, мир"))

        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Привет".utf8)
        let withBOM = CharsetDecoder.decode(bom, contentType: "text/html; charset=windows-1251", markup: .html)
        #expect(withBOM.source == .byteOrderMark && withBOM.text == "Привет")

        let utf16: [UInt8] = [0xFF, 0xFE, 0x1F, 0x04, 0x40, 0x04]
        #expect(CharsetDecoder.decode(utf16, contentType: nil, markup: .text).text == "Пр")
    }

    @Test func wrongCharsetIsReportedNotFatal() {
        let decoded = CharsetDecoder.decode(Self.windows1251, contentType: "text/html; charset=utf-8", markup: .html)
        #expect(decoded.invalidSequences > 0)
        #expect(decoded.text.contains("\u{FFFD}"))
        #expect(decoded.text.contains(", "))
        #expect(!decoded.warnings.isEmpty)
        let unknown = CharsetDecoder.decode(
            Array("abc".utf8), contentType: "text/html; charset=x-no-such-thing", markup: .html)
        #expect(unknown.text == "abc" && unknown.warnings.contains { $0.contains("unknown charset") })
    }

    /// Every upper-half byte of our own tables against the C library's converter, an independent source.
    @Test(arguments: [
        ("windows-1251", "CP1251"), ("koi8-r", "KOI8-R"), ("koi8-u", "KOI8-U"), ("iso-8859-5", "ISO-8859-5"),
    ])
    func tablesAgreeWithIconv(ours: String, iconvName: String) throws {
        for byte in UInt8(0x80)...UInt8(0xFF) {
            let (mine, _) = CharsetDecoder.decode([byte], charset: ours)
            guard let reference = IconvDecoder.decode([byte], from: iconvName), reference.1 == 0 else { continue }
            #expect(mine == reference.0, "byte \(byte) in \(ours)")
        }
    }

    @Test func iconvCoversOtherCharsets() {
        // "日本" in Shift_JIS.
        let decoded = CharsetDecoder.decode(
            [0x93, 0xFA, 0x96, 0x7B], contentType: "text/plain; charset=Shift_JIS", markup: .text)
        #expect(decoded.text == "日本")
    }
}
