import Crypto
import Foundation

/// The `warcinfo` record that opens a package's WARC: which software made the package, for whom
/// (operator, case number) and when. It is the only record the package writes itself; every
/// other record is copied as it was written at collection.
public struct PackageWarcinfo: Sendable, Hashable {
    public var software: String
    public var version: String
    public var operatorName: String
    /// The case number (or another name of what the package is evidence for).
    public var caseNumber: String
    public var created: Date
    public var packagedBy: String
    public var description: String?

    public init(
        software: String, version: String, operatorName: String, caseNumber: String, created: Date,
        packagedBy: String, description: String? = nil
    ) {
        self.software = software
        self.version = version
        self.operatorName = operatorName
        self.caseNumber = caseNumber
        self.created = created
        self.packagedBy = packagedBy
        self.description = description
    }

    /// The `application/warc-fields` block.
    func block() -> Data {
        var block = WARCFields()
        block.append("software", "\(software)/\(version)")
        block.append("version", version)
        block.append("format", "WARC File Format 1.1")
        block.append("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/")
        block.append("operator", operatorName)
        block.append("isPartOf", caseNumber)
        block.append("created", WARCDate.rfc3339(created))
        block.append("packagedBy", packagedBy)
        if let description { block.append("description", description) }
        return Data(block.serialized().utf8)
    }

    /// Writes the record as one gzip member to `handle`; returns the member's length.
    func write(filename: String, to handle: FileHandle, path: String) throws -> UInt64 {
        let block = block()
        var fields = WARCFields()
        fields.append("WARC-Type", WARCRecordType.warcinfo.rawValue)
        fields.append("WARC-Record-ID", WARCWriter.newRecordID())
        fields.append("WARC-Date", WARCDate.format(created, precision: .seconds))
        fields.append("WARC-Filename", filename)
        fields.append("Content-Type", "application/warc-fields")
        fields.append("WARC-Block-Digest", LabelledDigest.sha256(Array(SHA256.hash(data: block))).description)
        fields.append("Content-Length", String(block.count))
        let encoder = try GzipMemberEncoder()
        var written: UInt64 = 0
        let sink: (UnsafeRawBufferPointer) throws -> Void = { bytes in
            do {
                try handle.write(contentsOf: Data(bytes))
            } catch {
                throw EvidenceError.io(path: path, reason: "\(error)")
            }
            written += UInt64(bytes.count)
        }
        try encoder.append(Data(("WARC/1.1\r\n" + fields.serialized() + "\r\n").utf8), to: sink)
        try encoder.append(block, to: sink)
        try encoder.append(Data("\r\n\r\n".utf8), to: sink)
        try encoder.finishMember(to: sink)
        return written
    }
}
