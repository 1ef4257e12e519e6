import Foundation

/// A WARC `labelled-digest` (`algorithm:value`), as in `WARC-Block-Digest`.
///
/// Kaiguul writes `sha256:` followed by lowercase hex: warcio accepts it (it decodes any value
/// longer than base32 as base16), WACZ uses the same form for its resource hashes, and a forensic
/// expert can compare it with `sha256sum` without converting. Reading accepts hex, base32 and
/// base64, which other tools write.
public struct LabelledDigest: Sendable, Hashable, CustomStringConvertible {
    public var algorithm: DigestAlgorithm
    public var bytes: [UInt8]

    public init(algorithm: DigestAlgorithm, bytes: [UInt8]) {
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// `sha256:<hex>` for the given SHA-256 bytes.
    public static func sha256(_ bytes: [UInt8]) -> LabelledDigest {
        LabelledDigest(algorithm: .sha256, bytes: bytes)
    }

    public var description: String { "\(algorithm.rawValue):\(HexEncoding.encode(bytes))" }
    public var hex: String { HexEncoding.encode(bytes) }

    /// The reasons a digest field cannot be checked.
    public enum ParseFailure: Error, Equatable, Sendable {
        case missingLabel
        case unsupportedAlgorithm(String)
        case undecodableValue
    }

    public static func parse(_ field: String) -> Result<LabelledDigest, ParseFailure> {
        let text = field.trimmingCharacters(in: .whitespaces)
        guard let colon = text.firstIndex(of: ":") else { return .failure(.missingLabel) }
        let label = String(text[..<colon])
        let value = String(text[text.index(after: colon)...])
        guard let algorithm = DigestAlgorithm(label: label) else {
            return .failure(.unsupportedAlgorithm(label))
        }
        let size = algorithm.byteCount
        if value.utf8.count == size * 2, let bytes = HexEncoding.decode(value) {
            return .success(LabelledDigest(algorithm: algorithm, bytes: bytes))
        }
        if let bytes = Base32.decode(value), bytes.count == size {
            return .success(LabelledDigest(algorithm: algorithm, bytes: bytes))
        }
        let base64 = value.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let padded = base64 + String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        if let data = Data(base64Encoded: padded), data.count == size {
            return .success(LabelledDigest(algorithm: algorithm, bytes: Array(data)))
        }
        return .failure(.undecodableValue)
    }
}
