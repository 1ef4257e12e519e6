import Crypto
import Foundation

/// The digest algorithms a WARC reader meets in the wild. Kaiguul writes only SHA-256; the others
/// exist so that the conformance check can verify files written by other tools.
public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case sha256, sha1, sha384, sha512, md5

    /// Accepts the spellings seen in WARC files (`sha1`, `SHA-1`, `sha-256`).
    public init?(label: String) {
        let normalized = label.lowercased().replacingOccurrences(of: "-", with: "")
        guard let algorithm = DigestAlgorithm(rawValue: normalized) else { return nil }
        self = algorithm
    }

    var byteCount: Int {
        switch self {
        case .sha256: 32
        case .sha1: 20
        case .sha384: 48
        case .sha512: 64
        case .md5: 16
        }
    }
}

/// One running hash of any supported algorithm, fed in pieces so that large blocks stream.
struct StreamingHasher {
    private enum State {
        case sha256(SHA256)
        case sha1(Insecure.SHA1)
        case sha384(SHA384)
        case sha512(SHA512)
        case md5(Insecure.MD5)
    }

    private var state: State
    let algorithm: DigestAlgorithm

    init(_ algorithm: DigestAlgorithm) {
        self.algorithm = algorithm
        switch algorithm {
        case .sha256: state = .sha256(SHA256())
        case .sha1: state = .sha1(Insecure.SHA1())
        case .sha384: state = .sha384(SHA384())
        case .sha512: state = .sha512(SHA512())
        case .md5: state = .md5(Insecure.MD5())
        }
    }

    mutating func update<D: DataProtocol>(_ data: D) {
        switch state {
        case .sha256(var hasher):
            hasher.update(data: data)
            state = .sha256(hasher)
        case .sha1(var hasher):
            hasher.update(data: data)
            state = .sha1(hasher)
        case .sha384(var hasher):
            hasher.update(data: data)
            state = .sha384(hasher)
        case .sha512(var hasher):
            hasher.update(data: data)
            state = .sha512(hasher)
        case .md5(var hasher):
            hasher.update(data: data)
            state = .md5(hasher)
        }
    }

    func finalize() -> [UInt8] {
        switch state {
        case .sha256(let hasher): Array(hasher.finalize())
        case .sha1(let hasher): Array(hasher.finalize())
        case .sha384(let hasher): Array(hasher.finalize())
        case .sha512(let hasher): Array(hasher.finalize())
        case .md5(let hasher): Array(hasher.finalize())
        }
    }
}

/// SHA-256 of some bytes as lowercase hex.
public func sha256Hex<D: DataProtocol>(_ data: D) -> String {
    HexEncoding.encode(SHA256.hash(data: data))
}
