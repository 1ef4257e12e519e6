import Crypto
import Evidence
import Foundation

/// One signed checkpoint of the audit chain: "the log held `rows` rows and its head was row
/// `seq` with hash `hash`, at `at`", signed with the instance's Ed25519 audit key.
///
/// The same value is a row of `audit_checkpoints`, a line of `data/audit/checkpoints.jsonl`, and
/// a line of the copies partners or a prosecutor hold. What is signed (and sent to a time-stamping
/// authority) is `statement`, a few fixed lines anyone can rebuild from the JSON:
///
///     kaiguul-audit-checkpoint-v1
///     seq:1234
///     hash:<64 hex>
///     rows:1234
///     at:2026-12-02T01:00:00Z
///     key:sha256:<64 hex>
struct AuditCheckpointRecord: Codable, Sendable, Hashable {
    static let formatName = "kaiguul-audit-checkpoint-v1"

    var format: String
    var seq: Int
    var hash: String
    var rows: Int
    /// RFC 3339, UTC, whole seconds.
    var at: String
    /// Fingerprint of the audit public key (`PublishedKey.fingerprint`).
    var key: String
    /// Base64 Ed25519 signature over `statement`.
    var signature: String
    /// RFC 3161 tokens over the SHA-256 of `statement`; nil when no authority is configured.
    var timestamps: [AuditCheckpointTimestamp]?

    var statement: Data {
        Data("\(Self.formatName)\nseq:\(seq)\nhash:\(hash)\nrows:\(rows)\nat:\(at)\nkey:\(key)\n".utf8)
    }

    /// Two copies of one checkpoint are the same checkpoint whether or not a token was added.
    struct Identity: Hashable, Sendable {
        var seq: Int, hash: String, rows: Int, at: String, key: String, signature: String
    }

    var identity: Identity { Identity(seq: seq, hash: hash, rows: rows, at: at, key: key, signature: signature) }

    static func sign(seq: Int, hash: String, rows: Int, at: Date, with key: Curve25519.Signing.PrivateKey) throws
        -> AuditCheckpointRecord
    {
        var record = AuditCheckpointRecord(
            format: formatName, seq: seq, hash: hash, rows: rows, at: formatTime(at),
            key: PublishedKey.audit(key.publicKey, created: nil).fingerprint, signature: "", timestamps: nil)
        record.signature = try key.signature(for: record.statement).base64EncodedString()
        return record
    }

    enum SignatureCheck: Equatable, Sendable {
        case valid
        case unknownKey
        case badSignature
    }

    /// Checks the signature with the audit keys a verifier trusts (current and retired).
    func checkSignature(keys: [PublishedKey]) -> SignatureCheck {
        guard let published = keys.first(where: { $0.fingerprint == key }), let publicKey = published.ed25519Key else {
            return .unknownKey
        }
        guard let bytes = Data(base64Encoded: signature), publicKey.isValidSignature(bytes, for: statement) else {
            return .badSignature
        }
        return .valid
    }

    // MARK: - Lines

    func jsonLine() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and integers cannot fail.
        var line = (try? encoder.encode(self)) ?? Data()
        line.append(0x0A)
        return line
    }

    /// Reads one line of a checkpoints file. The line may come from anywhere: every field is
    /// checked for shape, so that a malformed line is named instead of half-trusted.
    static func parse(line: Data) throws -> AuditCheckpointRecord {
        let record: AuditCheckpointRecord
        do { record = try JSONDecoder().decode(AuditCheckpointRecord.self, from: line) } catch {
            throw AuditCheckpointFormatError("not a checkpoint (JSON with format, seq, hash, rows, at, key, signature)")
        }
        try record.validate()
        return record
    }

    func validate() throws {
        guard format == Self.formatName else { throw AuditCheckpointFormatError("unknown format \(format.prefix(40))") }
        guard seq >= 0, rows >= 0 else { throw AuditCheckpointFormatError("negative seq or rows") }
        guard Self.isHex64(hash) else { throw AuditCheckpointFormatError("hash is not 64 hex digits") }
        guard key.hasPrefix("sha256:"), Self.isHex64(String(key.dropFirst(7))) else {
            throw AuditCheckpointFormatError("key is not a sha256: fingerprint")
        }
        guard let date = Self.parseTime(at), Self.formatTime(date) == at else {
            throw AuditCheckpointFormatError("at is not an RFC 3339 UTC time in whole seconds")
        }
        guard let bytes = Data(base64Encoded: signature), bytes.count == 64 else {
            throw AuditCheckpointFormatError("signature is not a base64 Ed25519 signature")
        }
        if let timestamps, timestamps.count > 16 { throw AuditCheckpointFormatError("more than 16 timestamps") }
    }

    static func isHex64(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    static func formatTime(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(.iso8601)
    }

    static func parseTime(_ s: String) -> Date? {
        try? Date(s, strategy: .iso8601)
    }
}

/// An RFC 3161 token over the SHA-256 of a checkpoint statement: the whole TimeStampResp, base64.
struct AuditCheckpointTimestamp: Codable, Sendable, Hashable {
    var tsa: String
    /// RFC 3339, as the authority's token says.
    var genTime: String
    var response: String
}

struct AuditCheckpointFormatError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
