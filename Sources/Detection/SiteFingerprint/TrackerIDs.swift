/// Analytics and advertising account IDs in a page's HTML, as open-source investigators use them to
/// tie sites to one operator: Google Analytics (`UA-…`, GA4 `G-…`), Google Tag Manager (`GTM-…`),
/// Yandex Metrica counters, AdSense publisher IDs (`ca-pub-…`) and Facebook pixels.
///
/// Each ID is written `kind:id` (`ga:UA-1234-1`, `gtm:GTM-ABCD`, `ym:12345`, `adsense:ca-pub-…`,
/// `fbq:…`). The scan reads the raw markup, scripts included, byte by byte without regular
/// expressions, so a hostile page costs time linear in its (bounded) size.
public enum TrackerIDs {
    /// Bytes of markup read at most.
    public static let maxBytes = 4 * 1_048_576
    /// IDs kept at most: a page listing thousands is not telling us who runs it.
    public static let maxIDs = 50

    public static func scan(_ html: String) -> [String] {
        scan(Array(html.utf8.prefix(maxBytes)))
    }

    public static func scan(_ bytes: [UInt8]) -> [String] {
        let text = bytes.count > maxBytes ? Array(bytes.prefix(maxBytes)) : bytes
        var found = Set<String>()
        text.withUnsafeBufferPointer { buffer in
            let scanner = Scanner(bytes: buffer)
            var index = 0
            while index < buffer.count, found.count < maxIDs {
                if let id = scanner.match(at: index) { found.insert(id) }
                index += 1
            }
        }
        return found.sorted()
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>

        func match(at index: Int) -> String? {
            switch bytes[index] {
            case UInt8(ascii: "U"): return analytics(at: index)
            case UInt8(ascii: "G"): return tagManager(at: index) ?? measurement(at: index)
            case UInt8(ascii: "c"): return adsense(at: index)
            case UInt8(ascii: "m"): return prefixed("mc.yandex.ru/watch/", at: index, kind: "ym", digits: 4...12)
            case UInt8(ascii: "y"):
                return prefixed("yaCounter", at: index, kind: "ym", digits: 4...12) ?? metricaCall(at: index)
            case UInt8(ascii: "f"):
                return pixelCall(at: index) ?? prefixed("facebook.com/tr?id=", at: index, kind: "fbq", digits: 10...20)
            default: return nil
            }
        }

        // MARK: the patterns

        /// `UA-<4–10 digits>-<1–4 digits>`.
        func analytics(at index: Int) -> String? {
            guard boundaryBefore(index), has("UA-", at: index) else { return nil }
            var cursor = index + 3
            guard let account = digits(&cursor, 4...10), byte(cursor) == UInt8(ascii: "-") else { return nil }
            cursor += 1
            guard let property = digits(&cursor, 1...4), boundaryAfter(cursor) else { return nil }
            return "ga:UA-\(account)-\(property)"
        }

        /// GA4 `G-<8–12 upper-case letters and digits, at least one of each>`.
        func measurement(at index: Int) -> String? {
            guard boundaryBefore(index), has("G-", at: index) else { return nil }
            var cursor = index + 2
            guard let code = upperAlphanumerics(&cursor, 8...12), boundaryAfter(cursor),
                  code.contains(where: \.isNumber), code.contains(where: \.isLetter) else { return nil }
            return "ga:G-\(code)"
        }

        /// `GTM-<4–9 upper-case letters and digits>`.
        func tagManager(at index: Int) -> String? {
            guard boundaryBefore(index), has("GTM-", at: index) else { return nil }
            var cursor = index + 4
            guard let code = upperAlphanumerics(&cursor, 4...9), boundaryAfter(cursor) else { return nil }
            return "gtm:GTM-\(code)"
        }

        /// `ca-pub-<10–20 digits>`.
        func adsense(at index: Int) -> String? {
            guard boundaryBefore(index), has("ca-pub-", at: index) else { return nil }
            var cursor = index + 7
            guard let number = digits(&cursor, 10...20), boundaryAfter(cursor) else { return nil }
            return "adsense:ca-pub-\(number)"
        }

        /// `ym(<digits>, "init", …)`: the Metrica tag's call.
        func metricaCall(at index: Int) -> String? {
            guard boundaryBefore(index), has("ym(", at: index) else { return nil }
            var cursor = index + 3
            skipSpaces(&cursor)
            guard let number = digits(&cursor, 4...12) else { return nil }
            skipSpaces(&cursor)
            guard byte(cursor) == UInt8(ascii: ",") else { return nil }
            return "ym:\(number)"
        }

        /// `fbq('init', '<10–20 digits>')`, either quote, any spaces.
        func pixelCall(at index: Int) -> String? {
            guard boundaryBefore(index), has("fbq(", at: index) else { return nil }
            var cursor = index + 4
            skipSpaces(&cursor)
            guard quote(&cursor), has("init", at: cursor) else { return nil }
            cursor += 4
            guard quote(&cursor) else { return nil }
            skipSpaces(&cursor)
            guard byte(cursor) == UInt8(ascii: ",") else { return nil }
            cursor += 1
            skipSpaces(&cursor)
            guard quote(&cursor), let number = digits(&cursor, 10...20), quote(&cursor) else { return nil }
            return "fbq:\(number)"
        }

        func prefixed(_ prefix: String, at index: Int, kind: String, digits range: ClosedRange<Int>) -> String? {
            guard has(prefix, at: index) else { return nil }
            var cursor = index + prefix.utf8.count
            guard let number = digits(&cursor, range), boundaryAfter(cursor) else { return nil }
            return "\(kind):\(number)"
        }

        // MARK: reading

        func byte(_ index: Int) -> UInt8? { index >= 0 && index < bytes.count ? bytes[index] : nil }

        func has(_ literal: String, at index: Int) -> Bool {
            var cursor = index
            for expected in literal.utf8 {
                guard byte(cursor) == expected else { return false }
                cursor += 1
            }
            return true
        }

        static func isAlphanumeric(_ b: UInt8) -> Bool {
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
        }

        /// Not inside a longer word (`XUA-1234-1`, `MG-…`, `abca-pub-…` are not IDs).
        func boundaryBefore(_ index: Int) -> Bool {
            guard let previous = byte(index - 1) else { return true }
            return !Self.isAlphanumeric(previous) && previous != UInt8(ascii: "-") && previous != UInt8(ascii: "_")
        }

        func boundaryAfter(_ index: Int) -> Bool {
            guard let next = byte(index) else { return true }
            return !Self.isAlphanumeric(next) && next != UInt8(ascii: "_")
        }

        func digits(_ cursor: inout Int, _ range: ClosedRange<Int>) -> String? {
            let start = cursor
            while let b = byte(cursor), b >= 48, b <= 57, cursor - start <= range.upperBound { cursor += 1 }
            guard range.contains(cursor - start) else { return nil }
            return String(decoding: bytes[start..<cursor], as: UTF8.self)
        }

        func upperAlphanumerics(_ cursor: inout Int, _ range: ClosedRange<Int>) -> String? {
            let start = cursor
            while let b = byte(cursor), (b >= 48 && b <= 57) || (b >= 65 && b <= 90), cursor - start <= range.upperBound {
                cursor += 1
            }
            guard range.contains(cursor - start) else { return nil }
            return String(decoding: bytes[start..<cursor], as: UTF8.self)
        }

        func skipSpaces(_ cursor: inout Int) {
            var skipped = 0
            while let b = byte(cursor), b == 32 || b == 9 || b == 10 || b == 13, skipped < 64 {
                cursor += 1
                skipped += 1
            }
        }

        func quote(_ cursor: inout Int) -> Bool {
            guard let b = byte(cursor), b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") else { return false }
            cursor += 1
            return true
        }
    }
}
