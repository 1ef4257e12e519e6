/// One way a WARC file departs from WARC 1.1 (or from Kaiguul's own stricter rules).
public struct WARCProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// Breaks a "shall" of the standard, or evidence cannot be verified.
        case error
        /// Breaks a "should", or something a careful reader would want to know.
        case warning
    }

    public var severity: Severity
    public var file: String
    /// The record's offset (its gzip member's, for `.warc.gz`), when the problem is in a record.
    public var offset: UInt64?
    public var recordID: String?
    public var message: String

    public init(severity: Severity, file: String, offset: UInt64?, recordID: String?, message: String) {
        self.severity = severity
        self.file = file
        self.offset = offset
        self.recordID = recordID
        self.message = message
    }

    public var description: String {
        var text = "\(severity.rawValue): \(file)"
        if let offset { text += " @\(offset)" }
        if let recordID { text += " \(recordID)" }
        return text + ": \(message)"
    }
}
