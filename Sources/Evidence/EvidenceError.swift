import Foundation

/// Everything that can go wrong while storing, writing, reading or packaging evidence.
/// Hostile or damaged input always ends in one of these, never in a crash.
public enum EvidenceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A hash given from outside is not 64 lowercase hexadecimal digits.
    case invalidHash(String)
    case blobNotFound(String)
    /// The bytes stored under a hash no longer hash to it.
    case blobCorrupted(expected: String, actual: String)
    case tooLarge(limit: UInt64)
    case io(path: String, reason: String)
    case compression(String)
    case malformedWARC(file: String, offset: UInt64, reason: String)
    case invalidArgument(String)
    /// The package would need ZIP64, which this writer does not produce.
    case zipTooLarge(String)
    case signatureInvalid
    case manifestMalformed(String)
    /// A file changed while it was being written into evidence.
    case sourceChanged(path: String)

    public var description: String {
        switch self {
        case .invalidHash(let value): "not a SHA-256 hex digest: \(value.prefix(80))"
        case .blobNotFound(let hash): "no blob stored under \(hash)"
        case .blobCorrupted(let expected, let actual): "blob \(expected) now hashes to \(actual)"
        case .tooLarge(let limit): "input larger than the limit of \(limit) bytes"
        case .io(let path, let reason): "\(path): \(reason)"
        case .compression(let reason): "compression: \(reason)"
        case .malformedWARC(let file, let offset, let reason): "\(file) at \(offset): \(reason)"
        case .invalidArgument(let reason): "invalid argument: \(reason)"
        case .zipTooLarge(let reason): "package too large for ZIP without ZIP64: \(reason)"
        case .signatureInvalid: "signature does not verify"
        case .manifestMalformed(let reason): "custody manifest malformed: \(reason)"
        case .sourceChanged(let path): "\(path) changed while it was being written"
        }
    }
}
