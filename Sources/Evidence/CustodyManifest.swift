import Crypto
import Foundation

/// A list of evidence files with their SHA-256, size, collection time and collector, signed with
/// Ed25519 so that a later reader can tell the list is the one the collector made.
///
/// The signature is detached and covers the manifest's canonical bytes: JSON with sorted keys, no
/// whitespace, no escaped slashes, and every value a string or an integer (dates are RFC 3339
/// strings). `canonicalBytes()` is exactly what should be written to disk and handed over;
/// `verify` checks the signature over those bytes before it trusts a single field.
public struct CustodyManifest: Codable, Sendable, Hashable {
    public struct Entry: Codable, Sendable, Hashable {
        /// Path relative to the folder the manifest describes (or a file name).
        public var path: String
        public var sha256: String
        public var size: UInt64
        /// RFC 3339, UTC.
        public var collectedAt: String
        public var collector: String

        public init(path: String, sha256: String, size: UInt64, collectedAt: Date, collector: String) {
            self.path = path
            self.sha256 = sha256
            self.size = size
            self.collectedAt = WARCDate.format(collectedAt, precision: .seconds)
            self.collector = collector
        }

        /// Hashes `file` now and describes it.
        public static func describing(
            _ file: URL, as path: String, collectedAt: Date, collector: String
        ) throws -> Entry {
            let (hex, size) = try FileSupport.sha256(of: file)
            return Entry(path: path, sha256: hex, size: size, collectedAt: collectedAt, collector: collector)
        }
    }

    public var format = "kaiguul-custody-manifest/1"
    public var createdAt: String
    public var createdBy: String
    /// What the evidence is for, e.g. a case number.
    public var subject: String?
    public var entries: [Entry]
    /// In a package: every WARC record it holds, with the digests it was written with.
    public var records: [Record]?
    /// In a package: each capture, who made it, and which of its records are present.
    public var captures: [CaptureNote]?
    /// In a package: the case's audit trail up to the moment of packaging.
    public var auditTrail: [AuditStep]?
    /// In a package: the RFC 3161 tokens it carries of the WARC files written at collection.
    public var timestamps: [TimestampNote]?

    public init(createdAt: Date, createdBy: String, subject: String? = nil, entries: [Entry],
                records: [Record]? = nil, captures: [CaptureNote]? = nil, auditTrail: [AuditStep]? = nil) {
        self.createdAt = WARCDate.format(createdAt, precision: .seconds)
        self.createdBy = createdBy
        self.subject = subject
        self.entries = entries
        self.records = records
        self.captures = captures
        self.auditTrail = auditTrail
    }

    public func canonicalBytes() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Signs the canonical bytes.
    public func sign(with key: Curve25519.Signing.PrivateKey) throws -> CustodySignature {
        let bytes = try canonicalBytes()
        let signature = try key.signature(for: bytes)
        return CustodySignature(
            algorithm: "ed25519", publicKey: key.publicKey.rawRepresentation.base64EncodedString(),
            signature: Data(signature).base64EncodedString(), manifestSHA256: sha256Hex(bytes))
    }

    /// Checks `signature` over `manifestBytes` with the key the reader trusts (never the key the
    /// signature file names: anyone can sign with their own key), then that the bytes are the
    /// canonical form of what they decode to, and returns the manifest.
    public static func verify(
        manifestBytes: Data, signature: CustodySignature, trustedKey: Curve25519.Signing.PublicKey
    ) throws -> CustodyManifest {
        guard signature.algorithm == "ed25519",
              let signatureBytes = Data(base64Encoded: signature.signature),
              trustedKey.isValidSignature(signatureBytes, for: manifestBytes)
        else { throw EvidenceError.signatureInvalid }
        let manifest: CustodyManifest
        do {
            manifest = try JSONDecoder().decode(CustodyManifest.self, from: manifestBytes)
        } catch {
            throw EvidenceError.manifestMalformed("\(error)")
        }
        guard try manifest.canonicalBytes() == manifestBytes else {
            throw EvidenceError.manifestMalformed("signed bytes are not in canonical form")
        }
        return manifest
    }

    /// Re-hashes every listed file under `directory`; returns one line per file that is missing
    /// or differs. Paths that would leave `directory` are reported, not followed.
    public func verifyFiles(in directory: URL) -> [String] {
        var problems: [String] = []
        for entry in entries {
            let parts = entry.path.split(separator: "/")
            guard !entry.path.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else {
                problems.append("\(entry.path): path leaves the evidence folder")
                continue
            }
            let url = directory.appendingPathComponent(entry.path)
            do {
                let (hex, size) = try FileSupport.sha256(of: url)
                if hex != entry.sha256 {
                    problems.append("\(entry.path): SHA-256 is \(hex), manifest says \(entry.sha256)")
                } else if size != entry.size {
                    problems.append("\(entry.path): size is \(size), manifest says \(entry.size)")
                }
            } catch {
                problems.append("\(entry.path): \(error)")
            }
        }
        return problems
    }
}

/// A detached Ed25519 signature over a custody manifest's canonical bytes.
public struct CustodySignature: Codable, Sendable, Hashable {
    public var algorithm: String
    /// The signer's public key (raw 32 bytes, base64), for identification only.
    public var publicKey: String
    public var signature: String
    /// SHA-256 of the signed bytes, so a mismatched pair is easy to spot by eye.
    public var manifestSHA256: String

    public func jsonBytes() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return try encoder.encode(self)
    }
}
