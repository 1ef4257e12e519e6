import Foundation

/// The parts of a custody manifest that only a package has: its records, its captures and the
/// audit trail of what it is evidence for. Every value is a string or an integer, as the
/// manifest's canonical form asks.
extension CustodyManifest {
    /// One WARC record in the package, where it lies and the digests in its header.
    public struct Record: Codable, Sendable, Hashable {
        /// The capture it belongs to (`capture-12`), or nil for the package's own `warcinfo`.
        public var capture: String?
        public var type: String
        public var recordID: String
        public var targetURI: String?
        public var date: String
        public var blockDigest: String
        public var payloadDigest: String?
        /// Path of the WARC inside the package, and the record's gzip member there.
        public var file: String
        public var offset: UInt64
        public var length: UInt64
        /// Where the same bytes lie in the WARC written at collection (nil for the package's own).
        public var sourceFile: String?
        public var sourceOffset: UInt64?

        public init(
            capture: String?, type: String, recordID: String, targetURI: String?, date: String,
            blockDigest: String, payloadDigest: String?, file: String, offset: UInt64, length: UInt64,
            sourceFile: String?, sourceOffset: UInt64?
        ) {
            self.capture = capture
            self.type = type
            self.recordID = recordID
            self.targetURI = targetURI
            self.date = date
            self.blockDigest = blockDigest
            self.payloadDigest = payloadDigest
            self.file = file
            self.offset = offset
            self.length = length
            self.sourceFile = sourceFile
            self.sourceOffset = sourceOffset
        }
    }

    /// One capture: what was fetched, when, by which collector, and which records it brought.
    public struct CaptureNote: Codable, Sendable, Hashable {
        public var id: String
        public var url: String
        /// RFC 3339, UTC.
        public var capturedAt: String
        public var collector: String
        /// Record types present, in package order (`request,response,metadata`).
        public var records: String
        /// Why records are missing, when they are.
        public var note: String?

        public init(id: String, url: String, capturedAt: Date, collector: String, records: [String], note: String?) {
            self.id = id
            self.url = url
            self.capturedAt = WARCDate.format(capturedAt, precision: .seconds)
            self.collector = collector
            self.records = records.joined(separator: ",")
            self.note = note
        }
    }

    /// One row of the audit trail, as the audit log holds it (its chain hash included, so the row
    /// can be checked against the log).
    public struct AuditStep: Codable, Sendable, Hashable {
        public var seq: Int
        /// RFC 3339, UTC.
        public var at: String
        public var actor: String
        public var action: String
        public var object: String
        public var details: [String: String]
        public var hash: String

        public init(
            seq: Int, at: Date, actor: String, action: String, object: String, details: [String: String],
            hash: String
        ) {
            self.seq = seq
            self.at = WARCDate.format(at, precision: .seconds)
            self.actor = actor
            self.action = action
            self.object = object
            self.details = details
            self.hash = hash
        }
    }

    /// An RFC 3161 token in the package (`timestamps/…`), and what it stamps: the SHA-256 of a WARC
    /// file written at collection, as that file was when it was stamped.
    public struct TimestampNote: Codable, Sendable, Hashable {
        public var path: String
        public var sourceFile: String
        public var sourceSHA256: String
        public var sourceSize: UInt64?
        /// SHA-256 of the token file itself.
        public var sha256: String

        public init(path: String, sourceFile: String, sourceSHA256: String, sourceSize: UInt64?, sha256: String) {
            self.path = path
            self.sourceFile = sourceFile
            self.sourceSHA256 = sourceSHA256
            self.sourceSize = sourceSize
            self.sha256 = sha256
        }
    }
}
