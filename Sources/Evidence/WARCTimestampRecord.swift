import Foundation

/// How a closed WARC file's RFC 3161 timestamp travels inside the WARC files that follow it: a
/// `resource` record whose block is the whole TimeStampResp (what `openssl ts -reply` writes and
/// `openssl ts -verify -in` reads), and a `metadata` record naming the file, its SHA-256 and size,
/// the authority and the time it signed. A reader holding only the later files can find the token,
/// and the earlier file can be checked against it with `openssl ts -verify -data FILE`.
public enum WARCTimestampRecord {
    public static let contentType = "application/timestamp-reply"
    static let targetPrefix = "urn:kaiguul:timestamp:"

    /// `urn:kaiguul:timestamp:<file name>`: one target per timestamped file, whatever the authority.
    public static func targetURI(forFile name: String) -> String {
        targetPrefix + name
    }

    /// The file a timestamp record's target names, or nil for any other record.
    public static func fileName(fromTargetURI uri: String) -> String? {
        guard uri.hasPrefix(targetPrefix) else { return nil }
        let name = String(uri.dropFirst(targetPrefix.count))
        return name.isEmpty ? nil : name
    }

    /// The records' content for `response`, the token an authority (`tsa`) gave for `file`.
    public static func capture(
        of file: ClosedWARC, tsa: String, genTime: Date, response: Data, source: String
    ) -> ResourceCapture {
        ResourceCapture(
            targetURI: targetURI(forFile: file.name), date: genTime, contentType: contentType,
            body: .data(response), source: source,
            extraMetadata: [
                WARCField("timestampedFile", file.name),
                WARCField("timestampedFileDigest", "sha256:\(file.sha256)"),
                WARCField("timestampedFileSize", String(file.size)),
                WARCField("tsa", tsa),
                WARCField("genTime", WARCDate.format(genTime, precision: .seconds)),
            ])
    }
}
