import Foundation

/// How a kind of hash finds banked media.
public enum HashMatching: String, Sendable, Hashable {
    /// Equal digests of the file's bytes.
    case exactBytes
    /// PDQ of a still image (and of a video's frames: a banned poster shown in a clip).
    case imagePDQ
    /// PDQ of one frame of a banned video: matched against video frames only.
    case videoFramePDQ
}

/// One kind of hash a bank can hold. Each kind is one type in this folder, registered in
/// `HashKinds.registered`; the bank, the matcher, imports and exports read everything they need
/// from here, so a new kind touches this folder only.
public protocol HashKind: Sendable {
    /// Its name in the database, the interface and Kaiguul's exports: `pdq`, `md5`.
    var name: String { get }
    /// The algorithm names hash lists use for it, upper case (TCAP `PDQ`, `MD5`); the first is the one exported.
    var listNames: [String] { get }
    /// Hex digits in a value.
    var hexLength: Int { get }
    var matching: HashMatching { get }
    /// The digest of a file's bytes (exact kinds); nil for perceptual kinds.
    func digest(of data: Data) -> String?
}

extension HashKind {
    public func digest(of data: Data) -> String? { nil }
}

public enum HashKinds {
    /// Every kind Kaiguul knows, in the order interfaces list them.
    public static let registered: [any HashKind] = [PDQHashKind(), MD5HashKind(), SHA256HashKind(), VideoPDQHashKind()]

    public static func named(_ name: String) -> (any HashKind)? {
        registered.first { $0.name == name }
    }

    /// The kind a hash list's algorithm name stands for (`PDQ`, `md5`, `SHA-256`), if any.
    public static func listed(_ algorithm: String) -> (any HashKind)? {
        let wanted = algorithm.uppercased().replacingOccurrences(of: "-", with: "_")
        return registered.first { $0.listNames.contains(wanted) }
    }
}

/// A registered hash kind as a value: what fingerprints, banks and signals name.
public struct FingerprintKind: RawRepresentable, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    public let rawValue: String

    /// Nil for a name no registered kind has.
    public init?(rawValue: String) {
        guard HashKinds.named(rawValue) != nil else { return nil }
        self.rawValue = rawValue
    }

    init(registered name: String) {
        rawValue = name
    }

    public static var allCases: [FingerprintKind] { HashKinds.registered.map { FingerprintKind(registered: $0.name) } }

    public var definition: any HashKind { HashKinds.named(rawValue)! }
    public var hexLength: Int { definition.hexLength }
    public var matching: HashMatching { definition.matching }
    public var isPerceptual: Bool { matching != .exactBytes }
    /// The algorithm name hash-list exports use.
    public var listName: String { definition.listNames.first ?? rawValue.uppercased() }
    public var description: String { rawValue }
}
