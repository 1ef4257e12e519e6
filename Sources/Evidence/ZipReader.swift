import CZlib
import Crypto
import Foundation

/// Reads the ZIP files `ZipWriter` makes (and other plain ZIPs: STORE or DEFLATE, no ZIP64, no
/// encryption), for checking a package that came back from outside. Everything in it is hostile:
/// the central directory is bounded, every offset is checked against the file's size, and an
/// entry is only ever read into memory up to a limit the caller gives.
final class ZipReader {
    struct Entry: Sendable, Hashable {
        var name: String
        var method: UInt16
        var crc: UInt32
        var compressedSize: UInt64
        var size: UInt64
        var localHeaderOffset: UInt64
    }

    enum Failure: Error, CustomStringConvertible {
        case notZip(String)
        case unsupported(String)
        case tooLarge(String)
        case damaged(String)

        var description: String {
            switch self {
            case .notZip(let why): "not a ZIP file: \(why)"
            case .unsupported(let why): "unsupported ZIP: \(why)"
            case .tooLarge(let why): "too large: \(why)"
            case .damaged(let why): "damaged ZIP: \(why)"
            }
        }
    }

    let url: URL
    let entries: [Entry]
    private let handle: FileHandle
    private let fileSize: UInt64

    init(url: URL, maxEntries: Int = 65_535) throws {
        self.url = url
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw Failure.notZip("cannot open \(url.lastPathComponent): \(error.localizedDescription)")
        }
        guard let size = FileSupport.size(of: url), size >= 22 else { throw Failure.notZip("shorter than a ZIP end record") }
        fileSize = size
        // The end record is within the last 22 + 65,535 bytes (its comment is at most 64 KiB).
        let tailLength = min(size, 22 + 0xFFFF)
        let tail = try Self.read(handle, at: size - tailLength, count: Int(tailLength))
        guard let endIndex = Self.lastIndex(of: [0x50, 0x4b, 0x05, 0x06], in: tail), endIndex + 22 <= tail.count else {
            throw Failure.notZip("no end of central directory record")
        }
        let end = tail[endIndex...]
        let count = Int(end.le16(at: 10))
        let directorySize = UInt64(end.le32(at: 12))
        let directoryOffset = UInt64(end.le32(at: 16))
        guard count <= maxEntries else { throw Failure.tooLarge("\(count) entries") }
        guard end.le32(at: 16) != 0xFFFF_FFFF, end.le16(at: 10) != 0xFFFF else { throw Failure.unsupported("ZIP64") }
        guard directoryOffset + directorySize <= size else { throw Failure.damaged("central directory beyond the file") }
        let directory = try Self.read(handle, at: directoryOffset, count: Int(directorySize))
        var entries: [Entry] = []
        var names = Set<String>()
        var position = 0
        for _ in 0..<count {
            guard position + 46 <= directory.count, directory.le32(at: position) == 0x0201_4b50 else {
                throw Failure.damaged("central directory entry \(entries.count + 1) is cut or misplaced")
            }
            let flags = directory.le16(at: position + 8)
            let method = directory.le16(at: position + 10)
            let nameLength = Int(directory.le16(at: position + 28))
            let extraLength = Int(directory.le16(at: position + 30))
            let commentLength = Int(directory.le16(at: position + 32))
            let nameStart = position + 46
            guard nameStart + nameLength + extraLength + commentLength <= directory.count else {
                throw Failure.damaged("central directory entry \(entries.count + 1) runs past the directory")
            }
            guard let name = String(data: directory[directory.startIndex + nameStart ..< directory.startIndex + nameStart + nameLength],
                                    encoding: .utf8), !name.isEmpty
            else { throw Failure.damaged("an entry name is not UTF-8") }
            guard flags & 0x1 == 0 else { throw Failure.unsupported("\(name.prefix(80)) is encrypted") }
            guard method == 0 || method == 8 else {
                throw Failure.unsupported("\(name.prefix(80)) uses compression method \(method)")
            }
            guard names.insert(name).inserted else { throw Failure.damaged("\(name.prefix(80)) appears twice") }
            let entry = Entry(
                name: name, method: method, crc: directory.le32(at: position + 16),
                compressedSize: UInt64(directory.le32(at: position + 20)), size: UInt64(directory.le32(at: position + 24)),
                localHeaderOffset: UInt64(directory.le32(at: position + 42)))
            guard entry.localHeaderOffset + 30 + entry.compressedSize <= size else {
                throw Failure.damaged("\(name.prefix(80)) lies beyond the end of the file")
            }
            entries.append(entry)
            position = nameStart + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    deinit {
        try? handle.close()
    }

    func entry(_ name: String) -> Entry? {
        entries.first { $0.name == name }
    }

    /// Where an entry's stored bytes begin (after its local header).
    func dataOffset(_ entry: Entry) throws -> UInt64 {
        let header = try Self.read(handle, at: entry.localHeaderOffset, count: 30)
        guard header.le32(at: 0) == 0x0403_4b50 else {
            throw Failure.damaged("\(entry.name.prefix(80)): no local header where the directory points")
        }
        let start = entry.localHeaderOffset + 30 + UInt64(header.le16(at: 26)) + UInt64(header.le16(at: 28))
        guard start + entry.compressedSize <= fileSize else {
            throw Failure.damaged("\(entry.name.prefix(80)) runs past the end of the file")
        }
        return start
    }

    /// An entry's content in memory, refused above `limit` bytes.
    func data(_ entry: Entry, limit: Int) throws -> Data {
        guard entry.size <= UInt64(limit), entry.compressedSize <= UInt64(limit) else {
            throw Failure.tooLarge("\(entry.name.prefix(80)) is \(entry.size) bytes, more than \(limit)")
        }
        let stored = try Self.read(handle, at: try dataOffset(entry), count: Int(entry.compressedSize))
        let content = entry.method == 8 ? try Self.rawInflate(stored, expected: Int(entry.size)) : stored
        guard content.count == Int(entry.size) else {
            throw Failure.damaged("\(entry.name.prefix(80)) is \(content.count) bytes, its header says \(entry.size)")
        }
        return content
    }

    /// SHA-256 (hex) and size of an entry's content, streamed (for the large STORE'd WARCs).
    func sha256(_ entry: Entry, memoryLimit: Int = 64 << 20) throws -> (hex: String, size: UInt64) {
        if entry.method == 8 {
            let content = try data(entry, limit: memoryLimit)
            return (sha256Hex(content), UInt64(content.count))
        }
        var hasher = SHA256()
        try forEachStoredChunk(entry) { hasher.update(data: $0) }
        return (HexEncoding.encode(hasher.finalize()), entry.compressedSize)
    }

    /// Copies an entry's content to a new file (for the WARC reader, which wants a file of its own).
    func extract(_ entry: Entry, to destination: URL, memoryLimit: Int = 64 << 20) throws {
        let output = try FileSupport.createExclusive(destination)
        defer { try? output.close() }
        if entry.method == 8 {
            try output.write(contentsOf: try data(entry, limit: memoryLimit))
        } else {
            try forEachStoredChunk(entry) { try output.write(contentsOf: $0) }
        }
    }

    private func forEachStoredChunk(_ entry: Entry, _ body: (Data) throws -> Void) throws {
        var offset = try dataOffset(entry)
        var remaining = entry.compressedSize
        while remaining > 0 {
            let count = Int(min(remaining, 1 << 20))
            let chunk = try Self.read(handle, at: offset, count: count)
            try body(chunk)
            offset += UInt64(count)
            remaining -= UInt64(count)
        }
    }

    private static func read(_ handle: FileHandle, at offset: UInt64, count: Int) throws -> Data {
        do {
            try handle.seek(toOffset: offset)
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else { throw Failure.damaged("cut short at byte \(offset + UInt64(data.count))") }
            return data
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.damaged("read failed: \(error.localizedDescription)")
        }
    }

    private static func lastIndex(of signature: [UInt8], in data: Data) -> Int? {
        let bytes = [UInt8](data)
        guard bytes.count >= signature.count else { return nil }
        var index = bytes.count - 22
        while index >= 0 {
            if bytes[index] == signature[0] && bytes[index + 1] == signature[1] && bytes[index + 2] == signature[2]
                && bytes[index + 3] == signature[3] {
                return index
            }
            index -= 1
        }
        return nil
    }

    /// Raw DEFLATE (ZIP method 8), refusing output beyond `expected` bytes.
    static func rawInflate(_ data: Data, expected: Int) throws -> Data {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            inflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        guard inflateInit2_(stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure.damaged("inflateInit2 failed")
        }
        // One byte more than expected, so that a longer stream is seen rather than cut.
        var output = Data(count: expected + 1)
        let produced: Int = try data.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { out in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = out.bindMemory(to: Bytef.self).baseAddress
                stream.pointee.avail_out = uInt(out.count)
                let result = inflate(stream, Z_FINISH)
                guard result == Z_STREAM_END else { throw Failure.damaged("DEFLATE data does not decode (\(result))") }
                return out.count - Int(stream.pointee.avail_out)
            }
        }
        return output.prefix(produced)
    }
}

extension Data {
    /// Little-endian integers at an offset from the start of this (possibly sliced) data.
    func le16(at offset: Int) -> UInt16 {
        let base = startIndex + offset
        return UInt16(self[base]) | UInt16(self[base + 1]) << 8
    }

    func le32(at offset: Int) -> UInt32 {
        let base = startIndex + offset
        return UInt32(self[base]) | UInt32(self[base + 1]) << 8 | UInt32(self[base + 2]) << 16
            | UInt32(self[base + 3]) << 24
    }
}
