import CZlib
import Foundation

/// Compresses one gzip member at a time (RFC 1952). WARC readers find records by gzip member
/// boundaries, so every record is its own member; the encoder is reset between members rather
/// than re-created, which keeps its 256 KiB of zlib state allocated once.
///
/// Not thread-safe: owned by one writer.
final class GzipMemberEncoder {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutablePointer<UInt8>
    private let outputCapacity = 64 * 1024
    private var needsReset = false

    init(level: Int32 = 6) throws {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = UnsafeMutablePointer<UInt8>.allocate(capacity: outputCapacity)
        // windowBits 15 + 16 asks zlib for a gzip header and trailer instead of a zlib wrapper.
        let status = deflateInit2_(
            stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size)
        )
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            output.deallocate()
            throw EvidenceError.compression("deflateInit2 failed (\(status))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        output.deallocate()
    }

    /// Feeds bytes into the current member; compressed output goes to `sink` as it is produced.
    func append<D: DataProtocol>(_ data: D, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try resetIfNeeded()
        let done: Void? = try data.withContiguousStorageIfAvailable { buffer in
            try run(UnsafeRawBufferPointer(buffer), finish: false, sink: sink)
        }
        if done == nil {
            let copy = Array(data)
            try copy.withUnsafeBytes { try run($0, finish: false, sink: sink) }
        }
    }

    /// Ends the current member (writes the gzip trailer); the next `append` starts a new one.
    func finishMember(to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try resetIfNeeded()
        try run(UnsafeRawBufferPointer(start: nil, count: 0), finish: true, sink: sink)
        needsReset = true
    }

    /// Drops a half-written member, e.g. after an I/O error, so the next one starts clean.
    func abandonMember() {
        needsReset = true
    }

    private func resetIfNeeded() throws {
        guard needsReset else { return }
        let status = deflateReset(stream)
        guard status == Z_OK else { throw EvidenceError.compression("deflateReset failed (\(status))") }
        needsReset = false
    }

    private func run(
        _ input: UnsafeRawBufferPointer, finish: Bool, sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var remaining = input
        repeat {
            // avail_in is 32 bits: feed very large buffers in slices.
            let slice = min(remaining.count, Int(UInt32.max / 2))
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: remaining.baseAddress?.assumingMemoryBound(to: Bytef.self)
            )
            stream.pointee.avail_in = uInt(slice)
            let isLastSlice = slice == remaining.count
            while true {
                stream.pointee.next_out = output
                stream.pointee.avail_out = uInt(outputCapacity)
                let flush = finish && isLastSlice ? Z_FINISH : Z_NO_FLUSH
                let status = deflate(stream, flush)
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                    needsReset = true
                    throw EvidenceError.compression("deflate failed (\(status))")
                }
                let produced = outputCapacity - Int(stream.pointee.avail_out)
                if produced > 0 {
                    try sink(UnsafeRawBufferPointer(start: output, count: produced))
                }
                if flush == Z_FINISH {
                    if status == Z_STREAM_END { break }
                } else if stream.pointee.avail_in == 0 && stream.pointee.avail_out != 0 {
                    break
                }
            }
            remaining = UnsafeRawBufferPointer(rebasing: remaining[slice...])
        } while !remaining.isEmpty
    }
}
