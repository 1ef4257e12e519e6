import Foundation

/// The body of a record: bytes in memory, or a file that is streamed (large media).
public enum WARCPayload: Sendable, Hashable {
    case data(Data)
    /// Read twice (digest first, then copy); if the file changes in between the write fails.
    case file(URL)
}

/// Where a record sits: enough to serve the raw record or to find it again.
public struct WARCRecordLocation: Sendable, Hashable, Codable {
    /// The WARC file's name (no directory): the `captures` row stores this.
    public var filename: String
    /// Byte offset of the record's gzip member (or of the record in a plain `.warc`).
    public var offset: UInt64
    /// Length in the file: the compressed member for `.warc.gz`.
    public var length: UInt64

    public init(filename: String, offset: UInt64, length: UInt64) {
        self.filename = filename
        self.offset = offset
        self.length = length
    }
}

/// What the writer reports for one record written.
public struct WrittenRecord: Sendable, Hashable {
    public var recordID: String
    public var type: WARCRecordType
    public var location: WARCRecordLocation
    /// The `WARC-Date` written.
    public var date: String
    public var blockDigest: LabelledDigest
    public var payloadDigest: LabelledDigest?
    /// Size of the payload (the HTTP entity body, or the resource), when the record has one.
    public var payloadLength: UInt64?
    public var truncated: WARCTruncation?

    /// The payload's SHA-256 as lowercase hex, as stored in the `captures` row.
    public var payloadSHA256: String? { payloadDigest?.hex }
}

/// The records of one HTTP fetch.
public struct HTTPCaptureRecords: Sendable, Hashable {
    public var request: WrittenRecord
    public var response: WrittenRecord
    public var metadata: WrittenRecord

    /// The response record's location: what the `captures` row points at.
    public var location: WARCRecordLocation { response.location }
    public var payloadSHA256: String { response.payloadDigest?.hex ?? "" }
}

/// The records of one resource (e.g. a media file) capture.
public struct ResourceCaptureRecords: Sendable, Hashable {
    public var resource: WrittenRecord
    public var metadata: WrittenRecord
}
