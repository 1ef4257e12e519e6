import Foundation

/// What a site shows that a mirror under another name would likely show too. Values only: the
/// application reads them out of a capture and stores them (`site_fingerprints`).
public struct SiteFingerprint: Sendable, Hashable, Codable {
    /// Lower-case host name.
    public var host: String
    /// Shodan's favicon hash (`FaviconHash.shodan`).
    public var faviconHash: Int32?
    /// `kind:id`, sorted (`TrackerIDs`).
    public var trackerIDs: [String]
    /// The page title, whitespace collapsed, at most `maxTitle` characters.
    public var title: String?
    /// MinHash of the page's visible text (`MinHasher` with its default parameters).
    public var textMinHash: MinHashSignature?
    /// PDQ hashes as 64 hex digits.
    public var logoPDQ: String?
    public var screenshotPDQ: String?
    /// DNS names of the site's TLS certificate, lower-case.
    public var tlsNames: [String]

    public static let maxTitle = 300
    public static let maxTextCharacters = 200_000

    public init(host: String, faviconHash: Int32? = nil, trackerIDs: [String] = [], title: String? = nil,
                textMinHash: MinHashSignature? = nil, logoPDQ: String? = nil, screenshotPDQ: String? = nil,
                tlsNames: [String] = []) {
        self.host = host.lowercased()
        self.faviconHash = faviconHash
        self.trackerIDs = trackerIDs
        self.title = title
        self.textMinHash = textMinHash
        self.logoPDQ = logoPDQ
        self.screenshotPDQ = screenshotPDQ
        self.tlsNames = tlsNames
    }

    /// The fingerprint of one page: `html` is the markup as served (tracker IDs live in its scripts),
    /// `title` and `text` what the page shows, `favicon` the icon's bytes when there is one.
    public static func of(host: String, html: String, title: String?, text: String, favicon: [UInt8]?,
                          hasher: MinHasher = MinHasher(), normalizer: TextNormalizer = TextNormalizer()) -> SiteFingerprint {
        let signature = hasher.signature(of: String(text.prefix(maxTextCharacters)), normalizer: normalizer)
        return SiteFingerprint(
            host: host, faviconHash: favicon.flatMap { $0.isEmpty ? nil : FaviconHash.shodan($0) },
            trackerIDs: TrackerIDs.scan(html), title: cleanTitle(title),
            textMinHash: signature.isEmpty ? nil : signature)
    }

    /// Whitespace collapsed and bounded; nil when nothing is left.
    public static func cleanTitle(_ title: String?) -> String? {
        guard let title else { return nil }
        let collapsed = title.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
        return collapsed.isEmpty ? nil : String(collapsed.prefix(maxTitle))
    }

    // MARK: stored spellings

    /// The signature as stored: hex of the little-endian 32-bit values.
    public static func hex(_ signature: MinHashSignature) -> String {
        var text = ""
        text.reserveCapacity(signature.values.count * 8)
        let digits = Array("0123456789abcdef")
        for value in signature.values {
            for shift in stride(from: 0, to: 32, by: 8) {
                let byte = UInt8(truncatingIfNeeded: value >> UInt32(shift))
                text.append(digits[Int(byte >> 4)])
                text.append(digits[Int(byte & 0x0f)])
            }
        }
        return text
    }

    /// A stored signature read back. The shingle count is not stored: a non-empty signature is
    /// read as non-empty, which is all Jaccard needs.
    public static func signature(hex: String) -> MinHashSignature? {
        let bytes = Array(hex.utf8)
        guard !bytes.isEmpty, bytes.count % 8 == 0, bytes.count <= 1024 * 8 else { return nil }
        func nibble(_ b: UInt8) -> UInt32? {
            switch b {
            case 48...57: UInt32(b - 48)
            case 97...102: UInt32(b - 87)
            case 65...70: UInt32(b - 55)
            default: nil
            }
        }
        var values: [UInt32] = []
        values.reserveCapacity(bytes.count / 8)
        var index = 0
        while index < bytes.count {
            var value: UInt32 = 0
            for byteIndex in 0..<4 {
                guard let high = nibble(bytes[index + byteIndex * 2]), let low = nibble(bytes[index + byteIndex * 2 + 1])
                else { return nil }
                value |= ((high << 4) | low) << UInt32(8 * byteIndex)
            }
            values.append(value)
            index += 8
        }
        return MinHashSignature(values: values, shingleCount: values.count)
    }
}
