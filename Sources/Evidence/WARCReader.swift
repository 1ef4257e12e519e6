import Foundation

/// Reads the records of a `.warc` or `.warc.gz` (any number of gzip members) in order.
///
/// Memory stays bounded whatever the file holds: headers are capped by `Limits`, and blocks are
/// handed out in chunks by `readBlock`. Usage:
///
///     let reader = try WARCReader(url: file)
///     while let header = try reader.next() {
///         while let chunk = try reader.readBlock() { … }
///         let end = try reader.finishRecord()   // optional: location and framing checks
///     }
///
/// Not thread-safe: one reader belongs to one task.
public final class WARCReader {
    public struct Limits: Sendable {
        public var maxHeaderBytes: Int
        public var maxLineBytes: Int
        public var maxFields: Int

        public init(maxHeaderBytes: Int = 1 << 20, maxLineBytes: Int = 64 << 10, maxFields: Int = 1_000) {
            self.maxHeaderBytes = maxHeaderBytes
            self.maxLineBytes = maxLineBytes
            self.maxFields = maxFields
        }
    }

    public let url: URL
    public let isCompressed: Bool
    private let limits: Limits
    private let handle: FileHandle
    private let source: ByteSource
    private var buffer: [UInt8] = []
    private var head = 0
    /// Bytes of the current unit (gzip member or plain file) the parser has consumed.
    private var positionInUnit: UInt64 = 0
    private var unitExhausted = false

    private var inRecord = false
    private var recordEnded: WARCRecordEnd?
    private var blockRemaining: UInt64 = 0
    private var blockLengthKnown = true
    private var blockRead: UInt64 = 0
    private var blockShort = false
    private var recordUnitStart: UInt64 = 0
    private var recordStartInUnit: UInt64 = 0

    /// Opens `url` and positions at `offset`, which must be the start of a record (for `.warc.gz`,
    /// the start of its gzip member). Compression is detected from the first bytes.
    public init(url: URL, offset: UInt64 = 0, limits: Limits = Limits()) throws {
        self.url = url
        self.limits = limits
        do {
            handle = try FileHandle(forReadingFrom: url)
            try handle.seek(toOffset: offset)
            let magic = try handle.read(upToCount: 2) ?? Data()
            isCompressed = magic.count == 2 && magic[magic.startIndex] == 0x1f && magic[magic.startIndex + 1] == 0x8b
        } catch {
            throw EvidenceError.io(path: url.path, reason: "\(error)")
        }
        source = isCompressed
            ? try GzipMemberSource(handle: handle, offset: offset, path: url.lastPathComponent)
            : try PlainFileSource(handle: handle, offset: offset)
    }

    deinit {
        try? handle.close()
    }

    /// File offset of the current record (of its gzip member for `.warc.gz`).
    public var recordOffset: UInt64 {
        isCompressed ? recordUnitStart : recordUnitStart + recordStartInUnit
    }

    /// Reads the next record's header and positions at its block; nil at the end of the file.
    /// Skips whatever is left of the previous record.
    public func next() throws -> WARCRecordHeader? {
        if inRecord && recordEnded == nil { _ = try finishRecord() }
        inRecord = false
        recordEnded = nil

        // Blank lines between records are tolerated (and flagged by the conformance check via
        // the previous record's terminator).
        var versionLine: [UInt8]
        while true {
            if try !ensure(1) {
                guard try source.nextUnit() else { return nil }
                resetUnit()
                continue
            }
            let lineStart = positionInUnit
            recordUnitStart = source.unitStart
            recordStartInUnit = lineStart
            guard let line = try readLine() else { throw malformed("incomplete line at the end of the data") }
            if line.isEmpty { continue }
            versionLine = line
            break
        }
        let version = Self.trimmed(versionLine[...])
        guard version.hasPrefix("WARC/") else {
            throw malformed("expected a WARC version line, found \(version.prefix(40).debugDescription)")
        }

        var fields = WARCFields()
        var headerBytes = versionLine.count
        while true {
            guard let line = try readLine() else { throw malformed("header ends before its blank line") }
            headerBytes += line.count + 2
            guard headerBytes <= limits.maxHeaderBytes else { throw malformed("header larger than the limit") }
            if line.isEmpty { break }
            if line[0] == 0x20 || line[0] == 0x09, var last = fields.entries.popLast() {
                last.value += " " + Self.trimmed(line[...])
                fields.entries.append(last)
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw malformed("header line without a colon")
            }
            fields.append(Self.trimmed(line[..<colon]), Self.trimmed(line[(colon + 1)...]))
            guard fields.entries.count <= limits.maxFields else { throw malformed("too many header fields") }
        }
        let header = WARCRecordHeader(version: version, fields: fields)
        inRecord = true
        blockRead = 0
        blockShort = false
        if let length = header.contentLength {
            blockRemaining = length
            blockLengthKnown = true
        } else if isCompressed {
            // Without a length the only boundary left is the end of the gzip member.
            blockRemaining = UInt64.max
            blockLengthKnown = false
        } else {
            throw malformed("Content-Length missing or not a number")
        }
        return header
    }

    /// The next piece of the current record's block; nil when the block is done.
    public func readBlock(maxLength: Int = 64 << 10) throws -> Data? {
        guard inRecord, recordEnded == nil, blockRemaining > 0, maxLength > 0 else { return nil }
        if head == buffer.count {
            guard try ensure(1) else {
                if blockLengthKnown { blockShort = true }
                blockRemaining = 0
                return nil
            }
        }
        let available = buffer.count - head
        let count = Int(min(UInt64(min(available, maxLength)), blockRemaining))
        let chunk = Data(buffer[head..<(head + count)])
        consume(count)
        blockRemaining -= UInt64(count)
        blockRead += UInt64(count)
        return chunk
    }

    /// The whole block, if it is at most `limit` bytes.
    public func readEntireBlock(limit: Int) throws -> Data {
        var data = Data()
        while let chunk = try readBlock() {
            data.append(chunk)
            guard data.count <= limit else { throw EvidenceError.tooLarge(limit: UInt64(limit)) }
        }
        return data
    }

    /// Skips the rest of the block, reads the record terminator and reports where the record was.
    @discardableResult
    public func finishRecord() throws -> WARCRecordEnd {
        if let recordEnded { return recordEnded }
        guard inRecord else { throw EvidenceError.invalidArgument("no current record") }
        while try readBlock() != nil {}
        var terminatorPresent = false
        if try ensure(4), buffer[head..<(head + 4)].elementsEqual([13, 10, 13, 10]) {
            consume(4)
            terminatorPresent = true
        }
        var shares = isCompressed && recordStartInUnit > 0
        var length: UInt64
        if isCompressed {
            if try ensure(1) {
                shares = true
                length = 0
            } else {
                length = source.unitEnd - source.unitStart
            }
            if shares { length = 0 }
        } else {
            length = positionInUnit - recordStartInUnit
        }
        let end = WARCRecordEnd(
            location: WARCRecordLocation(filename: url.lastPathComponent, offset: recordOffset, length: length),
            blockComplete: !blockShort && blockLengthKnown, terminatorPresent: terminatorPresent,
            sharesGzipMember: shares, blockBytesRead: blockRead
        )
        recordEnded = end
        return end
    }

    // MARK: - one record by location

    /// Reads the record at `offset` (its header and, up to `maxBlockBytes`, its block).
    public static func readRecord(
        file: URL, offset: UInt64, maxBlockBytes: Int
    ) throws -> (header: WARCRecordHeader, block: Data) {
        let reader = try WARCReader(url: file, offset: offset)
        guard let header = try reader.next() else {
            throw EvidenceError.malformedWARC(file: file.lastPathComponent, offset: offset, reason: "no record here")
        }
        return (header, try reader.readEntireBlock(limit: maxBlockBytes))
    }

    /// Streams the stored bytes of one record unchanged (for `.warc.gz`, its gzip member, which is
    /// itself a valid one-record `.warc.gz`): the "download the raw record" of the web interface.
    public static func copyRawRecord(
        file: URL, location: WARCRecordLocation, chunkSize: Int = 1 << 20, to body: (Data) throws -> Void
    ) throws {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: file)
            try handle.seek(toOffset: location.offset)
        } catch {
            throw EvidenceError.io(path: file.path, reason: "\(error)")
        }
        defer { try? handle.close() }
        var remaining = location.length
        while remaining > 0 {
            let count = Int(min(UInt64(max(chunkSize, 1)), remaining))
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: count) ?? Data()
            } catch {
                throw EvidenceError.io(path: file.path, reason: "\(error)")
            }
            guard !chunk.isEmpty else {
                throw EvidenceError.malformedWARC(
                    file: file.lastPathComponent, offset: location.offset, reason: "file ends inside the record")
            }
            remaining -= UInt64(chunk.count)
            try body(chunk)
        }
    }

    // MARK: - buffering

    private func resetUnit() {
        buffer.removeAll(keepingCapacity: true)
        head = 0
        positionInUnit = 0
        unitExhausted = false
    }

    /// Makes at least `count` unread bytes of the current unit available; false if it ends first.
    private func ensure(_ count: Int) throws -> Bool {
        while buffer.count - head < count {
            if unitExhausted { return false }
            if head > 0 && head >= buffer.count / 2 {
                buffer.removeFirst(head)
                head = 0
            }
            let more = try source.read(maxLength: 64 << 10)
            if more.isEmpty {
                unitExhausted = true
                return buffer.count - head >= count
            }
            buffer.append(contentsOf: more)
        }
        return true
    }

    private func consume(_ count: Int) {
        head += count
        positionInUnit += UInt64(count)
        if head == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            head = 0
        }
    }

    /// A line without its CRLF (or bare LF); nil if the unit ends first.
    private func readLine() throws -> [UInt8]? {
        var scanned = 0
        while true {
            if let newline = buffer[(head + scanned)...].firstIndex(of: 10) {
                var end = newline
                if end > head && buffer[end - 1] == 13 { end -= 1 }
                let line = Array(buffer[head..<end])
                consume(newline + 1 - head)
                return line
            }
            scanned = buffer.count - head
            guard scanned <= limits.maxLineBytes else { throw malformed("header line longer than the limit") }
            guard try ensure(scanned + 1) else { return nil }
        }
    }

    /// UTF-8 text without leading and trailing spaces and tabs.
    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    private func malformed(_ reason: String) -> EvidenceError {
        .malformedWARC(file: url.lastPathComponent, offset: recordOffset, reason: reason)
    }
}
