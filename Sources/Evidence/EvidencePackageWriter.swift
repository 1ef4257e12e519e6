import Crypto
import Foundation

/// One capture to put in a package: where its records lie in the WARC written at collection.
public struct PackageCapture: Sendable, Hashable {
    /// How the package names it (`capture-12`).
    public var id: String
    public var url: String
    public var capturedAt: Date
    public var collector: String
    /// The WARC file written at collection.
    public var warcFile: URL
    /// Nil for captures made before request records were located (they go in with their response only).
    public var request: WARCRecordLocation?
    public var response: WARCRecordLocation
    public var metadata: WARCRecordLocation?
    /// Record type → `WARC-Block-Digest` as recorded at collection; each copied record must still carry it.
    public var recordedDigests: [String: String]
    /// A page a reader starts from (listed in `pages/pages.jsonl`), not a media file.
    public var isPage: Bool
    public var title: String?
    /// The record at `response`: `response`, or `resource` for what has no HTTP exchange (a screenshot, a video).
    public var mainRecordType = "response"
    /// For a page: the `WARC-Target-URI` of its screenshot's record in the same package (`pages.jsonl` names it).
    public var screenshotURI: String?

    public init(
        id: String, url: String, capturedAt: Date, collector: String, warcFile: URL,
        request: WARCRecordLocation?, response: WARCRecordLocation, metadata: WARCRecordLocation?,
        recordedDigests: [String: String] = [:], isPage: Bool, title: String? = nil
    ) {
        self.id = id
        self.url = url
        self.capturedAt = capturedAt
        self.collector = collector
        self.warcFile = warcFile
        self.request = request
        self.response = response
        self.metadata = metadata
        self.recordedDigests = recordedDigests
        self.isPage = isPage
        self.title = title
    }
}

/// What a package is, besides its captures.
public struct PackageDescription: Sendable, Hashable {
    public var title: String
    public var warcinfo: PackageWarcinfo
    /// The case's audit trail, oldest first.
    public var auditTrail: [CustodyManifest.AuditStep]
    /// RFC 3161 tokens of the WARC files written at collection; those of files the captures come
    /// from go into the package.
    public var collectionTimestamps: [CollectionTimestamp]

    public init(
        title: String, warcinfo: PackageWarcinfo, auditTrail: [CustodyManifest.AuditStep],
        collectionTimestamps: [CollectionTimestamp] = []
    ) {
        self.title = title
        self.warcinfo = warcinfo
        self.auditTrail = auditTrail
        self.collectionTimestamps = collectionTimestamps
    }
}

/// An RFC 3161 token (the whole TimeStampResp) over the SHA-256 of a WARC file written at
/// collection, as the file was when it was stamped.
public struct CollectionTimestamp: Sendable, Hashable {
    /// The WARC file's name at collection.
    public var warcFile: String
    /// Hex SHA-256 the token stamps, and the file's size then.
    public var sha256: String
    public var size: UInt64?
    public var response: Data

    public init(warcFile: String, sha256: String, size: UInt64?, response: Data) {
        self.warcFile = warcFile
        self.sha256 = sha256
        self.size = size
        self.response = response
    }
}

/// What signs a package: the WACZ signer for `datapackage-digest.json`, the audit key for the
/// custody manifest (`custody/manifest.sig.json`), and the instance's public keys document
/// (`keys/kaiguul-keys.json`), so that a reader holds in the package what to check both with.
public struct PackageSigning: Sendable {
    public var signer: any WACZSigner
    public var custodyKey: Curve25519.Signing.PrivateKey
    public var keysDocument: Data

    public init(signer: any WACZSigner, custodyKey: Curve25519.Signing.PrivateKey, keysDocument: Data) {
        self.signer = signer
        self.custodyKey = custodyKey
        self.keysDocument = keysDocument
    }
}

/// What was packaged.
public struct PackageSummary: Sendable, Hashable {
    public var wacz: WACZSummary
    public var manifest: CustodyManifest
    /// Name of the WARC inside `archive/`.
    public var warcName: String
}

/// Writes an evidence package: a WACZ 1.1.1 whose one WARC starts with a new `warcinfo` record
/// and then holds, for each capture, its `request`, `response` and `metadata` records copied
/// byte for byte (their gzip members as written at collection), so every record keeps the
/// digests it was hashed with at collection. Beside the WACZ's own files it carries
/// `custody/manifest.json`: every record's digests, who captured, who packaged and when, the
/// audit trail and the collection timestamps it carries; that manifest's Ed25519 signature
/// (`custody/manifest.sig.json`); the instance's public keys (`keys/kaiguul-keys.json`); the RFC 3161
/// tokens of the WARC files the records come from (`timestamps/`). `datapackage-digest.json` is
/// signed as the WACZ signing specification says, by the signer given.
///
/// Nothing is trusted on the way: each record found at a recorded location must be of the
/// expected type and carry the recorded block digest, and the assembled WARC must pass the
/// conformance check with digests recomputed, or nothing is written.
public enum EvidencePackageWriter {
    public static let manifestPath = "custody/manifest.json"
    public static let manifestSignaturePath = "custody/manifest.sig.json"
    public static let keysPath = "keys/kaiguul-keys.json"
    static let responseOnlyNote = "response only: captured before request and metadata records were located"

    @discardableResult
    public static func write(
        captures: [PackageCapture], description: PackageDescription, to destination: URL, signing: PackageSigning
    ) async throws -> PackageSummary {
        guard !captures.isEmpty else { throw EvidenceError.invalidArgument("a package needs at least one capture") }
        let fileManager = FileManager.default
        let work = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString.lowercased()).parts")
        do {
            try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
        } catch {
            throw EvidenceError.io(path: work.path, reason: "\(error)")
        }
        defer { try? fileManager.removeItem(at: work) }

        let info = description.warcinfo
        let warcName = WACZWriter.resourceName(
            "\(WARCWriter.safeNamePart(info.caseNumber))-\(WARCDate.timestamp14(info.created)).warc.gz")
        let warc = work.appendingPathComponent(warcName)
        let copied = try assemble(captures, warcinfo: info, into: warc, name: warcName)

        let problems = WARCConformance.check(file: warc, options: .kaiguul).filter { $0.severity == .error }
        if let first = problems.first {
            throw EvidenceError.malformedWARC(file: warcName, offset: first.offset ?? 0, reason: first.message)
        }
        let records = try describe(warc, path: "archive/\(warcName)", copied: copied)
        let captureNotes = captures.map { capture in
            let types = copied.filter { $0.capture == capture.id }.map(\.type)
            return CustodyManifest.CaptureNote(
                id: capture.id, url: capture.url, capturedAt: capture.capturedAt, collector: capture.collector,
                records: types, note: types.count < (capture.mainRecordType == "response" ? 3 : 2) ? responseOnlyNote : nil)
        }
        let used = Set(captures.map(\.warcFile.lastPathComponent))
        var tokens: [WACZExtraFile] = []
        var notes: [CustodyManifest.TimestampNote] = []
        var counts: [String: Int] = [:]
        for token in description.collectionTimestamps where used.contains(token.warcFile) {
            counts[token.warcFile, default: 0] += 1
            let path = "timestamps/\(WACZWriter.resourceName(token.warcFile)).\(counts[token.warcFile]!).tsr"
            tokens.append(WACZExtraFile(path: path, data: token.response))
            notes.append(CustodyManifest.TimestampNote(
                path: path, sourceFile: token.warcFile, sourceSHA256: token.sha256, sourceSize: token.size,
                sha256: sha256Hex(token.response)))
        }
        var manifest = CustodyManifest(
            createdAt: info.created, createdBy: info.packagedBy, subject: info.caseNumber,
            entries: [
                try .describing(
                    warc, as: "archive/\(warcName)", collectedAt: info.created,
                    collector: info.packagedBy)
            ],
            records: records, captures: captureNotes, auditTrail: description.auditTrail)
        manifest.timestamps = notes.isEmpty ? nil : notes
        let manifestBytes = try manifest.canonicalBytes()
        let manifestSignature = try manifest.sign(with: signing.custodyKey).jsonBytes()

        let pages = captures.filter(\.isPage).map {
            WACZPage(url: $0.url, date: $0.capturedAt, title: $0.title, id: $0.id, screenshot: $0.screenshotURI)
        }
        let main = pages.first
        let wacz = try await WACZWriter.write(
            warcFiles: [warc], pages: pages,
            metadata: WACZMetadata(
                title: description.title, description: info.description,
                software: "\(info.software)/\(info.version)", created: info.created,
                mainPageURL: main?.url, mainPageDate: main?.date),
            to: destination,
            extraFiles: [
                WACZExtraFile(path: manifestPath, data: manifestBytes),
                WACZExtraFile(path: manifestSignaturePath, data: manifestSignature),
                WACZExtraFile(path: keysPath, data: signing.keysDocument),
            ] + tokens,
            signer: signing.signer)
        return PackageSummary(wacz: wacz, manifest: manifest, warcName: warcName)
    }

    /// One record copied, in package order.
    struct Copied {
        var capture: String?
        var type: String
        var offset: UInt64
        var sourceFile: String?
        var sourceOffset: UInt64?
    }

    private static func assemble(
        _ captures: [PackageCapture], warcinfo: PackageWarcinfo, into warc: URL,
        name: String
    ) throws -> [Copied] {
        let handle = try FileSupport.createExclusive(warc)
        defer { try? handle.close() }
        var position = try warcinfo.write(filename: name, to: handle, path: warc.path)
        var copied = [Copied(capture: nil, type: "warcinfo", offset: 0, sourceFile: nil, sourceOffset: nil)]
        for capture in captures {
            let parts: [(String, WARCRecordLocation?)] = [
                ("request", capture.request), (capture.mainRecordType, capture.response), ("metadata", capture.metadata),
            ]
            for (type, location) in parts {
                guard let location else { continue }
                try expect(type, at: location, in: capture)
                copied.append(
                    Copied(
                        capture: capture.id, type: type, offset: position,
                        sourceFile: location.filename, sourceOffset: location.offset))
                try WARCReader.copyRawRecord(file: capture.warcFile, location: location) { chunk in
                    do {
                        try handle.write(contentsOf: chunk)
                    } catch {
                        throw EvidenceError.io(path: warc.path, reason: "\(error)")
                    }
                    position += UInt64(chunk.count)
                }
            }
        }
        do {
            try handle.synchronize()
        } catch {
            throw EvidenceError.io(path: warc.path, reason: "\(error)")
        }
        return copied
    }

    /// The record at `location` must be the one the capture row says: its type, and its block digest
    /// as recorded at collection.
    private static func expect(_ type: String, at location: WARCRecordLocation, in capture: PackageCapture) throws {
        let reader = try WARCReader(url: capture.warcFile, offset: location.offset)
        guard let header = try reader.next() else {
            throw EvidenceError.malformedWARC(
                file: location.filename, offset: location.offset, reason: "no record here")
        }
        guard header.typeName == type else {
            throw EvidenceError.malformedWARC(
                file: location.filename, offset: location.offset,
                reason: "\(capture.id): expected a \(type) record, found \(header.typeName ?? "none")")
        }
        if let recorded = capture.recordedDigests[type], header.fields["WARC-Block-Digest"] != recorded {
            throw EvidenceError.malformedWARC(
                file: location.filename, offset: location.offset,
                reason: "\(capture.id): the \(type) record's block digest is not the one recorded at collection")
        }
    }

    /// Reads the assembled WARC back and lists its records as they now lie in the package.
    private static func describe(_ warc: URL, path: String, copied: [Copied]) throws -> [CustodyManifest.Record] {
        let reader = try WARCReader(url: warc)
        var records: [CustodyManifest.Record] = []
        while let header = try reader.next() {
            let end = try reader.finishRecord()
            guard records.count < copied.count else {
                throw EvidenceError.malformedWARC(
                    file: warc.lastPathComponent, offset: end.location.offset,
                    reason: "more records than were copied")
            }
            let origin = copied[records.count]
            guard origin.offset == end.location.offset, header.typeName == origin.type else {
                throw EvidenceError.malformedWARC(
                    file: warc.lastPathComponent, offset: end.location.offset,
                    reason: "a copied record does not start where it was copied to")
            }
            records.append(
                CustodyManifest.Record(
                    capture: origin.capture, type: origin.type, recordID: header.recordID ?? "",
                    targetURI: header.targetURI, date: header.date ?? "",
                    blockDigest: header.fields["WARC-Block-Digest"] ?? "",
                    payloadDigest: header.fields["WARC-Payload-Digest"], file: path, offset: end.location.offset,
                    length: end.location.length, sourceFile: origin.sourceFile, sourceOffset: origin.sourceOffset))
        }
        guard records.count == copied.count else {
            throw EvidenceError.malformedWARC(
                file: warc.lastPathComponent, offset: 0,
                reason: "fewer records than were copied")
        }
        return records
    }
}
