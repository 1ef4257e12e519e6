import CZlib
import Foundation

/// Inflates a multi-member `.warc.gz` one member at a time and knows each member's compressed
/// offsets, so a record can be located (and later served raw) by (offset, length).
final class GzipMemberSource: ByteSource {
    private let handle: FileHandle
    private let path: String
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity = 64 * 1024
    /// Reused for every inflate call: allocating per call showed up as most of the read time.
    private let output: UnsafeMutablePointer<UInt8>
    private let outputCapacity = 64 * 1024
    /// File offset of `input[0]`.
    private var inputFileOffset: UInt64
    private var inputCount = 0
    private var fileExhausted = false
    private var memberEnded = false
    private(set) var unitStart: UInt64
    private(set) var unitEnd: UInt64
    let isCompressed = true

    init(handle: FileHandle, offset: UInt64, path: String) throws {
        self.handle = handle
        self.path = path
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = UnsafeMutablePointer<UInt8>.allocate(capacity: inputCapacity)
        output = UnsafeMutablePointer<UInt8>.allocate(capacity: outputCapacity)
        inputFileOffset = offset
        unitStart = offset
        unitEnd = offset
        // 15 + 16: gzip wrapper only; anything else in a .warc.gz is damage.
        let status = inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            input.deallocate()
            output.deallocate()
            throw EvidenceError.compression("inflateInit2 failed (\(status))")
        }
        try handle.seek(toOffset: offset)
        stream.pointee.next_in = input
        stream.pointee.avail_in = 0
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
        output.deallocate()
    }

    /// File offset of the next compressed byte zlib has not consumed.
    private var consumedOffset: UInt64 {
        inputFileOffset + UInt64(inputCount - Int(stream.pointee.avail_in))
    }

    private func refill() throws {
        // Keep unconsumed bytes, move them to the front, then top up from the file.
        let unconsumed = Int(stream.pointee.avail_in)
        let consumedStart = inputCount - unconsumed
        if unconsumed > 0 && consumedStart > 0 {
            input.update(from: input + consumedStart, count: unconsumed)
        }
        inputFileOffset += UInt64(consumedStart)
        inputCount = unconsumed
        if !fileExhausted && inputCount < inputCapacity {
            let data = try handle.read(upToCount: inputCapacity - inputCount) ?? Data()
            if data.isEmpty {
                fileExhausted = true
            } else {
                data.copyBytes(to: input + inputCount, count: data.count)
                inputCount += data.count
            }
        }
        stream.pointee.next_in = input
        stream.pointee.avail_in = uInt(inputCount)
    }

    func read(maxLength: Int) throws -> [UInt8] {
        guard !memberEnded, maxLength > 0 else { return [] }
        let maxLength = min(maxLength, outputCapacity)
        let base = output
        var produced = 0
        while produced == 0 {
            if stream.pointee.avail_in == 0 {
                try refill()
                if stream.pointee.avail_in == 0 {
                    throw EvidenceError.malformedWARC(
                        file: path, offset: unitStart, reason: "gzip member truncated at end of file")
                }
            }
            stream.pointee.next_out = base
            stream.pointee.avail_out = uInt(maxLength)
            let status = inflate(stream, Z_NO_FLUSH)
            produced = maxLength - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                memberEnded = true
                unitEnd = consumedOffset
                return Array(UnsafeBufferPointer(start: base, count: produced))
            case Z_OK, Z_BUF_ERROR:
                continue
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "code \(status)"
                throw EvidenceError.malformedWARC(file: path, offset: unitStart, reason: "gzip: \(message)")
            }
        }
        return Array(UnsafeBufferPointer(start: base, count: produced))
    }

    func nextUnit() throws -> Bool {
        // Finish the current member if the caller stopped early.
        while !memberEnded {
            _ = try read(maxLength: 64 * 1024)
        }
        if stream.pointee.avail_in < 2 { try refill() }
        let available = Int(stream.pointee.avail_in)
        guard available > 0 else { return false }
        let next = input + (inputCount - available)
        guard available >= 2, next[0] == 0x1f, next[1] == 0x8b else {
            throw EvidenceError.malformedWARC(
                file: path, offset: consumedOffset, reason: "data after gzip member is not another gzip member")
        }
        let status = inflateReset(stream)
        guard status == Z_OK else { throw EvidenceError.compression("inflateReset failed (\(status))") }
        unitStart = consumedOffset
        unitEnd = unitStart
        memberEnded = false
        return true
    }
}
