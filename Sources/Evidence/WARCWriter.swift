import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes captures as WARC 1.1 records into `.warc.gz` files, one gzip member per record.
///
/// Every file starts with a `warcinfo` record; every record carries `WARC-Block-Digest`, and the
/// records that have a payload (request, response, resource) carry `WARC-Payload-Digest`, both
/// SHA-256 in hex. Files are never appended to after the writer is closed: a new writer starts a
/// new file, so a process killed mid-record leaves at most one damaged last member in the file it
/// was writing, and every location handed out before stays valid.
///
/// Concurrency: an actor, so any number of fetch tasks may share one writer; records of a capture
/// are written together and never interleave with another capture's. The file I/O is
/// synchronous inside the actor. For higher throughput use one writer per worker.
///
/// Every file's bytes are hashed as they are written, so a closed file's SHA-256 (what a
/// time-stamping authority signs) costs no second read; each closed file is reported once on
/// `closedFiles`, whether `close()` closed it or it rotated.
public actor WARCWriter {
    public let configuration: WARCWriterConfiguration
    private let encoder: GzipMemberEncoder
    private var current: OpenFile?
    private var serial = 0
    private var written: [String] = []
    /// Records for the next file (a closed file's timestamp tokens), held while no file is open so
    /// that an idle writer does not open a file only to hold them.
    private var pending: [ResourceCapture] = []
    private let closed: AsyncStream<ClosedWARC>.Continuation
    /// Every file this writer closes, in order. Unbounded: one small value per file.
    public nonisolated let closedFiles: AsyncStream<ClosedWARC>

    private final class OpenFile {
        let name: String
        let handle: FileHandle
        let opened: Date
        var size: UInt64 = 0
        var warcinfoID: String = ""
        var hasher = SHA256()
        var carried: [String] = []

        init(name: String, handle: FileHandle, opened: Date) {
            self.name = name
            self.handle = handle
            self.opened = opened
        }
    }

    public init(configuration: WARCWriterConfiguration) throws {
        self.configuration = configuration
        encoder = try GzipMemberEncoder(level: configuration.compressionLevel)
        (closedFiles, closed) = AsyncStream.makeStream(of: ClosedWARC.self)
        do {
            try FileManager.default.createDirectory(at: configuration.directory, withIntermediateDirectories: true)
        } catch {
            throw EvidenceError.io(path: configuration.directory.path, reason: "\(error)")
        }
    }

    /// Names of the files this writer has created, oldest first.
    public var fileNames: [String] { written }

    /// Name of the file the next capture goes to, if one is open.
    public var currentFileName: String? { current?.name }

    /// Writes `request`, `response` and `metadata` records for one fetch.
    public func write(_ capture: HTTPCapture) throws -> HTTPCaptureRecords {
        let file = try fileForNextCapture()
        let date = WARCDate.format(capture.date, precision: configuration.datePrecision)
        let targetURI = HTTPSerialization.uri(capture.targetURI)
        let requestID = Self.newRecordID()
        let responseID = Self.newRecordID()
        let metadataID = Self.newRecordID()

        var requestFields = commonFields(.request, id: requestID, date: date, file: file)
        requestFields.append("WARC-Target-URI", targetURI)
        if let ip = capture.ipAddress, !ip.isEmpty { requestFields.append("WARC-IP-Address", ip) }
        requestFields.append("WARC-Concurrent-To", responseID)
        requestFields.append("Content-Type", "application/http;msgtype=request")
        let request = try writeRecord(
            .request, fields: requestFields, head: capture.request.serialized(),
            body: .data(capture.requestBody), hasPayload: true, file: file, id: requestID, date: date
        )

        var responseFields = commonFields(.response, id: responseID, date: date, file: file)
        responseFields.append("WARC-Target-URI", targetURI)
        if let ip = capture.ipAddress, !ip.isEmpty { responseFields.append("WARC-IP-Address", ip) }
        responseFields.append("WARC-Concurrent-To", requestID)
        responseFields.append("Content-Type", "application/http;msgtype=response")
        if let truncated = capture.truncated {
            responseFields.append("WARC-Truncated", HTTPSerialization.token(truncated.token))
        }
        var response = try writeRecord(
            .response, fields: responseFields, head: capture.response.serialized(),
            body: capture.responseBody, hasPayload: true, file: file, id: responseID, date: date
        )
        response.truncated = capture.truncated

        let metadata = try writeMetadata(
            about: responseID, targetURI: targetURI, date: date, source: capture.source,
            collector: capture.collector, extra: capture.extraMetadata, file: file, id: metadataID
        )
        try finishCapture(file)
        return HTTPCaptureRecords(request: request, response: response, metadata: metadata)
    }

    /// Writes a `resource` record (e.g. a media file) and its `metadata` record.
    public func write(_ capture: ResourceCapture) throws -> ResourceCaptureRecords {
        let file = try fileForNextCapture()
        let records = try writeResource(capture, file: file)
        try finishCapture(file)
        return records
    }

    /// Writes `capture` into the open file, or, when none is open, right after the `warcinfo` of the
    /// next file a capture opens (nil then). For records about closed files, such as their timestamps.
    @discardableResult
    public func writeInCurrentOrNextFile(_ capture: ResourceCapture) throws -> ResourceCaptureRecords? {
        guard current != nil else {
            pending.append(capture)
            return nil
        }
        let file = try fileForNextCapture()
        let records = try writeResource(capture, file: file)
        file.carried.append(HTTPSerialization.uri(capture.targetURI))
        try finishCapture(file)
        return records
    }

    private func writeResource(_ capture: ResourceCapture, file: OpenFile) throws -> ResourceCaptureRecords {
        let date = WARCDate.format(capture.date, precision: configuration.datePrecision)
        let targetURI = HTTPSerialization.uri(capture.targetURI)
        let resourceID = Self.newRecordID()

        var fields = commonFields(.resource, id: resourceID, date: date, file: file)
        fields.append("WARC-Target-URI", targetURI)
        if let ip = capture.ipAddress, !ip.isEmpty { fields.append("WARC-IP-Address", ip) }
        for id in capture.concurrentTo { fields.append("WARC-Concurrent-To", Self.bracketed(id)) }
        fields.append("Content-Type", capture.contentType.isEmpty ? "application/octet-stream" : capture.contentType)
        if let truncated = capture.truncated {
            fields.append("WARC-Truncated", HTTPSerialization.token(truncated.token))
        }
        var resource = try writeRecord(
            .resource, fields: fields, head: Data(), body: capture.body, hasPayload: true,
            file: file, id: resourceID, date: date
        )
        resource.truncated = capture.truncated
        let metadata = try writeMetadata(
            about: resourceID, targetURI: targetURI, date: date, source: capture.source,
            collector: capture.collector, extra: capture.extraMetadata, file: file, id: Self.newRecordID()
        )
        return ResourceCaptureRecords(resource: resource, metadata: metadata)
    }

    /// Forces what was written so far to disk. A caller that records where a capture lies (a
    /// database row) calls this first, once per batch, so that no row can outlive its records in a
    /// power loss.
    public func sync() throws {
        guard let file = current else { return }
        do {
            try file.handle.synchronize()
        } catch {
            throw EvidenceError.io(path: file.name, reason: "\(error)")
        }
    }

    /// Syncs and closes the current file. The next write starts a new file.
    @discardableResult
    public func close() throws -> ClosedWARC? {
        guard let file = current else { return nil }
        current = nil
        do {
            try file.handle.synchronize()
            try file.handle.close()
        } catch {
            throw EvidenceError.io(path: file.name, reason: "\(error)")
        }
        let report = ClosedWARC(
            name: file.name, url: configuration.directory.appendingPathComponent(file.name), size: file.size,
            sha256: HexEncoding.encode(file.hasher.finalize()), opened: file.opened, carried: file.carried)
        closed.yield(report)
        return report
    }

    /// Closes the open file if it was opened at or before `cutoff`, so that no file stays open (and
    /// untimestamped) longer than a set time however slowly captures come. The next capture opens
    /// a new file.
    @discardableResult
    public func close(openedBefore cutoff: Date) throws -> ClosedWARC? {
        guard let file = current, file.opened <= cutoff else { return nil }
        return try close()
    }

    // MARK: - records

    private func writeMetadata(
        about recordID: String, targetURI: String, date: String, source: String, collector: String?,
        extra: [WARCField], file: OpenFile, id: String
    ) throws -> WrittenRecord {
        var fields = commonFields(.metadata, id: id, date: date, file: file)
        fields.append("WARC-Target-URI", targetURI)
        fields.append("WARC-Concurrent-To", recordID)
        fields.append("Content-Type", "application/warc-fields")
        var block = WARCFields()
        block.append("collector", collector ?? configuration.collector)
        block.append("software", configuration.software)
        block.append("source", source)
        for field in extra { block.append(field.name, field.value) }
        return try writeRecord(
            .metadata, fields: fields, head: Data(block.serialized().utf8), body: nil, hasPayload: false,
            file: file, id: id, date: date
        )
    }

    private func commonFields(_ type: WARCRecordType, id: String, date: String, file: OpenFile) -> WARCFields {
        var fields = WARCFields()
        fields.append("WARC-Type", type.rawValue)
        fields.append("WARC-Record-ID", id)
        fields.append("WARC-Date", date)
        if type != .warcinfo { fields.append("WARC-Warcinfo-ID", file.warcinfoID) }
        return fields
    }

    /// Writes one record as one gzip member. The digests go in the header, so a file body is read
    /// once to hash it and once to copy it; the copy is hashed again and must match.
    private func writeRecord(
        _ type: WARCRecordType, fields: WARCFields, head: Data, body: WARCPayload?, hasPayload: Bool,
        file: OpenFile, id: String, date: String
    ) throws -> WrittenRecord {
        var blockHasher = SHA256()
        var payloadHasher = SHA256()
        blockHasher.update(data: head)
        var payloadLength: UInt64 = 0
        switch body {
        case .none:
            break
        case .data(let data):
            blockHasher.update(data: data)
            payloadHasher.update(data: data)
            payloadLength = UInt64(data.count)
        case .file(let url):
            try Self.forEachChunk(of: url) { chunk in
                blockHasher.update(data: chunk)
                payloadHasher.update(data: chunk)
                payloadLength += UInt64(chunk.count)
            }
        }
        let blockDigest = LabelledDigest.sha256(Array(blockHasher.finalize()))
        let payloadDigest = hasPayload ? LabelledDigest.sha256(Array(payloadHasher.finalize())) : nil

        var header = fields
        header.append("WARC-Block-Digest", blockDigest.description)
        if let payloadDigest { header.append("WARC-Payload-Digest", payloadDigest.description) }
        header.append("Content-Length", String(UInt64(head.count) + payloadLength))
        let headerBytes = Data(("WARC/1.1\r\n" + header.serialized() + "\r\n").utf8)

        let start = file.size
        let hashedBefore = file.hasher
        do {
            let sink: (UnsafeRawBufferPointer) throws -> Void = { bytes in
                try file.handle.write(contentsOf: bytes)
                file.hasher.update(bufferPointer: bytes)
                file.size += UInt64(bytes.count)
            }
            try encoder.append(headerBytes, to: sink)
            try encoder.append(head, to: sink)
            switch body {
            case .none:
                break
            case .data(let data):
                try encoder.append(data, to: sink)
            case .file(let url):
                var recheck = SHA256()
                var copied: UInt64 = 0
                try Self.forEachChunk(of: url) { chunk in
                    recheck.update(data: chunk)
                    copied += UInt64(chunk.count)
                    guard copied <= payloadLength else { throw EvidenceError.sourceChanged(path: url.path) }
                    try encoder.append(chunk, to: sink)
                }
                guard copied == payloadLength, Array(recheck.finalize()) == payloadDigest?.bytes else {
                    throw EvidenceError.sourceChanged(path: url.path)
                }
            }
            try encoder.append(Data("\r\n\r\n".utf8), to: sink)
            try encoder.finishMember(to: sink)
        } catch {
            // Cut the half-written member off so the file stays a valid WARC.
            encoder.abandonMember()
            try? file.handle.truncate(atOffset: start)
            try? file.handle.seek(toOffset: start)
            file.size = start
            file.hasher = hashedBefore
            if let evidenceError = error as? EvidenceError { throw evidenceError }
            throw EvidenceError.io(path: file.name, reason: "\(error)")
        }
        return WrittenRecord(
            recordID: id, type: type,
            location: WARCRecordLocation(filename: file.name, offset: start, length: file.size - start),
            date: date, blockDigest: blockDigest, payloadDigest: payloadDigest,
            payloadLength: hasPayload ? payloadLength : nil, truncated: nil
        )
    }

    private func finishCapture(_ file: OpenFile) throws {
        if configuration.syncEveryCapture { try sync() }
    }

    // MARK: - files

    private func fileForNextCapture() throws -> OpenFile {
        if let file = current, file.size < configuration.maxFileSize { return file }
        try close()
        let file = try createFile()
        current = file
        written.append(file.name)
        try writeWarcinfo(file)
        while !pending.isEmpty {
            _ = try writeResource(pending[0], file: file)
            file.carried.append(HTTPSerialization.uri(pending.removeFirst().targetURI))
        }
        return file
    }

    private func createFile() throws -> OpenFile {
        let stamp = WARCDate.format(Date(), precision: .milliseconds).filter(\.isNumber)
        for _ in 0..<8 {
            serial += 1
            let random = HexEncoding.encode((0..<4).map { _ in UInt8.random(in: 0...255) })
            let prefix = Self.safeNamePart(configuration.filePrefix)
            let name = "\(prefix)-\(stamp)-\(String(format: "%05d", serial))-\(random).warc.gz"
            let path = configuration.directory.appendingPathComponent(name).path
            // O_EXCL: an existing evidence file is never opened for writing, let alone truncated.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                return OpenFile(
                    name: name, handle: FileHandle(fileDescriptor: descriptor, closeOnDealloc: true), opened: Date())
            }
            if errno != EEXIST {
                throw EvidenceError.io(path: path, reason: String(cString: strerror(errno)))
            }
        }
        throw EvidenceError.io(path: configuration.directory.path, reason: "could not create a new WARC file name")
    }

    private func writeWarcinfo(_ file: OpenFile) throws {
        let id = Self.newRecordID()
        file.warcinfoID = id
        let date = WARCDate.format(Date(), precision: configuration.datePrecision)
        var fields = commonFields(.warcinfo, id: id, date: date, file: file)
        fields.append("WARC-Filename", file.name)
        fields.append("Content-Type", "application/warc-fields")
        var block = WARCFields()
        block.append("software", configuration.software)
        block.append("format", "WARC File Format 1.1")
        block.append("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/")
        block.append("hostname", configuration.hostname)
        if let operatorName = configuration.operatorName { block.append("operator", operatorName) }
        block.append("isPartOf", configuration.filePrefix)
        _ = try writeRecord(
            .warcinfo, fields: fields, head: Data(block.serialized().utf8), body: nil, hasPayload: false,
            file: file, id: id, date: date
        )
    }

    // MARK: - helpers

    static func newRecordID() -> String {
        "<urn:uuid:\(UUID().uuidString.lowercased())>"
    }

    static func bracketed(_ id: String) -> String {
        id.hasPrefix("<") ? id : "<\(id)>"
    }

    static func safeNamePart(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
        let cleaned = String(text.lowercased().map { allowed.contains($0) ? $0 : "-" })
        return cleaned.isEmpty ? "kaiguul" : cleaned
    }

    static func forEachChunk(of url: URL, chunkSize: Int = 1 << 20, _ body: (Data) throws -> Void) throws {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw EvidenceError.io(path: url.path, reason: "\(error)")
        }
        defer { try? handle.close() }
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: chunkSize) ?? Data()
            } catch {
                throw EvidenceError.io(path: url.path, reason: "\(error)")
            }
            if chunk.isEmpty { return }
            try body(chunk)
        }
    }
}
