import Foundation

/// One fingerprint of a banned material: what it is, a label people read (the material's title
/// or reference), and where it came from (a court decision, a partner's list).
public struct MediaFingerprint: Sendable, Hashable, Codable {
    public let kind: FingerprintKind
    /// Lowercase hex.
    public let value: String
    public let label: String
    public let source: String
    /// This entry's own PDQ distance (its bank's setting); nil for the matcher's.
    public var maxDistance: Int? = nil

    public static let maxLabelLength = 500

    public init(kind: FingerprintKind, value: String, label: String = "", source: String = "") throws(BankError) {
        let normalized = value.trimmingCharacters(in: .whitespaces).lowercased()
        guard normalized.utf8.count == kind.hexLength,
              normalized.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw .invalidHash(kind: kind, value: String(value.prefix(80)))
        }
        guard label.count <= Self.maxLabelLength, source.count <= Self.maxLabelLength else {
            throw .fieldTooLong
        }
        self.kind = kind
        self.value = normalized
        self.label = label
        self.source = source
    }

    public init(pdq: PDQHash, label: String = "", source: String = "") {
        kind = .pdq
        value = pdq.hex
        self.label = String(label.prefix(Self.maxLabelLength))
        self.source = String(source.prefix(Self.maxLabelLength))
    }

    private enum CodingKeys: String, CodingKey {
        case kind, value, label, source
    }

    /// Decoding validates exactly as the initialiser does: stored banks are input too.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(kind: container.decode(FingerprintKind.self, forKey: .kind),
                      value: container.decode(String.self, forKey: .value),
                      label: container.decodeIfPresent(String.self, forKey: .label) ?? "",
                      source: container.decodeIfPresent(String.self, forKey: .source) ?? "")
    }

    /// The PDQ hash, for perceptual kinds (`pdq`, `video_pdq`).
    public var pdqHash: PDQHash? {
        kind.isPerceptual ? PDQHash(hex: value) : nil
    }
}
