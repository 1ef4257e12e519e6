import CZlib
import Foundation

/// A minimal ZIP writer (PKWARE APPNOTE 6.3): STORE or DEFLATE entries, no ZIP64, no encryption.
/// Large files are streamed: the local header is written first with zero CRC and sizes, the data
/// copied while its CRC-32 is computed, and the header patched afterwards, so no data descriptor
/// is needed and readers that seek by the central directory (WACZ replay) see plain entries.
///
/// Anything that would need ZIP64 (an entry, offset or the archive reaching 4 GiB, or more than
/// 65,535 entries) is refused with `EvidenceError.zipTooLarge`.
final class ZipWriter {
    enum Method: UInt16 {
        case store = 0
        case deflate = 8
    }

    private struct CentralEntry {
        var name: Data
        var method: Method
        var crc: UInt32
        var compressedSize: UInt32
        var size: UInt32
        var offset: UInt32
        var dosTime: UInt16
        var dosDate: UInt16
    }

    private let handle: FileHandle
    private let path: String
    private var position: UInt64 = 0
    private var entries: [CentralEntry] = []
    private var names = Set<String>()
    /// Sizes and offsets must stay below this: ZIP without ZIP64 stores them in 32 bits.
    private let limit: UInt64

    init(handle: FileHandle, path: String, limit: UInt64 = 0xFFFF_FFFF) {
        self.handle = handle
        self.path = path
        self.limit = limit
    }

    /// Stores a file unchanged (STORE), streaming it.
    func addFile(name: String, contentsOf url: URL, modified: Date) throws {
        let nameBytes = try checkedName(name)
        let (time, date) = Self.dosDateTime(modified)
        let offset = try checkedOffset()
        // Refuse before writing anything when the size is already known to be too large.
        if let size = FileSupport.size(of: url), position + size >= limit {
            throw EvidenceError.zipTooLarge("\(url.lastPathComponent) (\(size) bytes) would pass the 4 GiB ZIP limit")
        }
        try write(localHeader(name: nameBytes, method: .store, crc: 0, compressed: 0, size: 0, time: time, date: date))
        var crc = crc32(0, nil, 0)
        var size: UInt64 = 0
        try WARCWriter.forEachChunk(of: url) { chunk in
            size += UInt64(chunk.count)
            guard size < limit else {
                throw EvidenceError.zipTooLarge("\(url.lastPathComponent) is 4 GiB or larger")
            }
            chunk.withUnsafeBytes { raw in
                crc = crc32(crc, raw.bindMemory(to: Bytef.self).baseAddress, uInt(raw.count))
            }
            try write(chunk)
        }
        try patch(at: UInt64(offset) + 14, crc: UInt32(crc), compressed: UInt32(size), size: UInt32(size))
        entries.append(CentralEntry(
            name: nameBytes, method: .store, crc: UInt32(crc), compressedSize: UInt32(size), size: UInt32(size),
            offset: offset, dosTime: time, dosDate: date))
    }

    /// Stores bytes from memory, deflated or not.
    func addData(name: String, data: Data, method: Method, modified: Date) throws {
        let nameBytes = try checkedName(name)
        let (time, date) = Self.dosDateTime(modified)
        let offset = try checkedOffset()
        guard UInt64(data.count) < limit else { throw EvidenceError.zipTooLarge("\(name) is 4 GiB or larger") }
        let crc = data.withUnsafeBytes { raw in
            UInt32(crc32(0, raw.bindMemory(to: Bytef.self).baseAddress, uInt(raw.count)))
        }
        let stored = method == .deflate ? try Self.rawDeflate(data) : data
        try write(localHeader(
            name: nameBytes, method: method, crc: crc, compressed: UInt32(stored.count), size: UInt32(data.count),
            time: time, date: date))
        try write(stored)
        entries.append(CentralEntry(
            name: nameBytes, method: method, crc: crc, compressedSize: UInt32(stored.count),
            size: UInt32(data.count), offset: offset, dosTime: time, dosDate: date))
    }

    /// Writes the central directory and the end record.
    func finish() throws {
        guard entries.count < 0xFFFF else { throw EvidenceError.zipTooLarge("more than 65,534 entries") }
        let directoryOffset = try checkedOffset()
        var directory = Data()
        for entry in entries {
            var record = Data()
            record.appendLE(UInt32(0x0201_4b50))
            record.appendLE(UInt16(0x0314))  // made by: Unix, spec 2.0
            record.appendLE(UInt16(20))
            record.appendLE(UInt16(0x0800))  // names are UTF-8
            record.appendLE(entry.method.rawValue)
            record.appendLE(entry.dosTime)
            record.appendLE(entry.dosDate)
            record.appendLE(entry.crc)
            record.appendLE(entry.compressedSize)
            record.appendLE(entry.size)
            record.appendLE(UInt16(entry.name.count))
            record.appendLE(UInt16(0))  // extra
            record.appendLE(UInt16(0))  // comment
            record.appendLE(UInt16(0))  // disk
            record.appendLE(UInt16(0))  // internal attributes
            record.appendLE(UInt32(0o100644) << 16)  // regular file, rw-r--r--
            record.appendLE(entry.offset)
            record.append(entry.name)
            directory.append(record)
        }
        try write(directory)
        guard position < limit else { throw EvidenceError.zipTooLarge("archive reaches 4 GiB") }
        var end = Data()
        end.appendLE(UInt32(0x0605_4b50))
        end.appendLE(UInt16(0))
        end.appendLE(UInt16(0))
        end.appendLE(UInt16(entries.count))
        end.appendLE(UInt16(entries.count))
        end.appendLE(UInt32(directory.count))
        end.appendLE(directoryOffset)
        end.appendLE(UInt16(0))
        try write(end)
    }

    private func localHeader(
        name: Data, method: Method, crc: UInt32, compressed: UInt32, size: UInt32, time: UInt16, date: UInt16
    ) -> Data {
        var header = Data()
        header.appendLE(UInt32(0x0403_4b50))
        header.appendLE(UInt16(20))
        header.appendLE(UInt16(0x0800))
        header.appendLE(method.rawValue)
        header.appendLE(time)
        header.appendLE(date)
        header.appendLE(crc)
        header.appendLE(compressed)
        header.appendLE(size)
        header.appendLE(UInt16(name.count))
        header.appendLE(UInt16(0))
        header.append(name)
        return header
    }

    private func patch(at offset: UInt64, crc: UInt32, compressed: UInt32, size: UInt32) throws {
        var bytes = Data()
        bytes.appendLE(crc)
        bytes.appendLE(compressed)
        bytes.appendLE(size)
        do {
            try handle.seek(toOffset: offset)
            try handle.write(contentsOf: bytes)
            try handle.seek(toOffset: position)
        } catch {
            throw EvidenceError.io(path: path, reason: "\(error)")
        }
    }

    private func write(_ data: Data) throws {
        do {
            try handle.write(contentsOf: data)
        } catch {
            throw EvidenceError.io(path: path, reason: "\(error)")
        }
        position += UInt64(data.count)
    }

    private func checkedOffset() throws -> UInt32 {
        guard position < limit else { throw EvidenceError.zipTooLarge("archive reaches 4 GiB") }
        return UInt32(position)
    }

    private func checkedName(_ name: String) throws -> Data {
        let bytes = Data(name.utf8)
        guard !name.isEmpty, bytes.count < 0xFFFF, !name.hasPrefix("/"), !name.split(separator: "/").contains(".."),
              !name.contains("\\"), !names.contains(name)
        else { throw EvidenceError.invalidArgument("bad or repeated ZIP entry name \(name.prefix(80))") }
        names.insert(name)
        return bytes
    }

    /// MS-DOS date and time (local time by convention; we write UTC so packages are reproducible).
    static func dosDateTime(_ date: Date) -> (UInt16, UInt16) {
        let text = WARCDate.timestamp14(date)
        let digits = text.compactMap(\.wholeNumberValue)
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + digits[$1] } }
        let year = max(1980, min(2107, number(0..<4)))
        let time = UInt16(number(8..<10) << 11 | number(10..<12) << 5 | number(12..<14) / 2)
        let day = UInt16((year - 1980) << 9 | number(4..<6) << 5 | number(6..<8))
        return (time, day)
    }

    /// DEFLATE without zlib or gzip wrapper, as ZIP method 8 wants.
    static func rawDeflate(_ data: Data) throws -> Data {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            deflateEnd(stream)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        let status = deflateInit2_(
            stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw EvidenceError.compression("deflateInit2 failed (\(status))") }
        let bound = Int(deflateBound(stream, uLong(data.count)))
        var output = Data(count: bound)
        let produced: Int = try data.withUnsafeBytes { input in
            try output.withUnsafeMutableBytes { out in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
                stream.pointee.avail_in = uInt(input.count)
                stream.pointee.next_out = out.bindMemory(to: Bytef.self).baseAddress
                stream.pointee.avail_out = uInt(out.count)
                let result = deflate(stream, Z_FINISH)
                guard result == Z_STREAM_END else { throw EvidenceError.compression("deflate failed (\(result))") }
                return out.count - Int(stream.pointee.avail_out)
            }
        }
        return output.prefix(produced)
    }
}

extension Data {
    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        var little = value.littleEndian
        Swift.withUnsafeBytes(of: &little) { append(contentsOf: $0) }
    }
}
