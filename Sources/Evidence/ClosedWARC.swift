import Foundation

/// A WARC file the writer has closed and will never write to again: what a time-stamping
/// authority is asked to sign, and what a reader checks the file against later.
public struct ClosedWARC: Sendable, Hashable, Codable {
    /// The file's name (no directory), as `captures` rows name it.
    public var name: String
    public var url: URL
    /// Bytes in the file.
    public var size: UInt64
    /// SHA-256 of the whole file as written, lowercase hex (what `sha256sum` prints).
    public var sha256: String
    /// When the writer opened the file.
    public var opened: Date
    /// Target URIs of the records `writeInCurrentOrNextFile` put in this file (earlier files'
    /// timestamps), in order: once this file is closed, they are on disk in it.
    public var carried: [String]

    public init(name: String, url: URL, size: UInt64, sha256: String, opened: Date, carried: [String] = []) {
        self.name = name
        self.url = url
        self.size = size
        self.sha256 = sha256
        self.opened = opened
        self.carried = carried
    }

    /// The SHA-256 as bytes, as an RFC 3161 request carries it.
    public var sha256Bytes: [UInt8] { HexEncoding.decode(sha256) ?? [] }
}
