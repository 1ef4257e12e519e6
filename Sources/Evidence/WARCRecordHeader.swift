import Foundation

/// The header of one record as read from a file.
public struct WARCRecordHeader: Sendable, Hashable {
    /// The version line, e.g. `WARC/1.1`.
    public var version: String
    public var fields: WARCFields

    public init(version: String, fields: WARCFields) {
        self.version = version
        self.fields = fields
    }

    public var type: WARCRecordType? { fields["WARC-Type"].flatMap { WARCRecordType(rawValue: $0) } }
    public var typeName: String? { fields["WARC-Type"] }
    public var recordID: String? { fields["WARC-Record-ID"] }
    public var date: String? { fields["WARC-Date"] }
    public var targetURI: String? { fields["WARC-Target-URI"] }
    public var contentType: String? { fields["Content-Type"] }
    public var truncated: WARCTruncation? { fields["WARC-Truncated"].map { WARCTruncation(token: $0) } }

    /// `Content-Length` if it is present and is only digits; nil otherwise.
    public var contentLength: UInt64? {
        guard let text = fields["Content-Length"], !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) })
        else { return nil }
        return UInt64(text)
    }
}

/// What the reader learned once it had read past a record.
public struct WARCRecordEnd: Sendable, Hashable {
    /// For `.warc.gz` the gzip member holding the record; for records sharing a member with
    /// others, `length` is 0 (unknown).
    public var location: WARCRecordLocation
    /// The block held `Content-Length` bytes.
    public var blockComplete: Bool
    /// The block was followed by exactly CRLF CRLF.
    public var terminatorPresent: Bool
    /// In a `.warc.gz`, the record did not start or did not end its gzip member.
    public var sharesGzipMember: Bool
    /// Bytes actually read as the block.
    public var blockBytesRead: UInt64
}
