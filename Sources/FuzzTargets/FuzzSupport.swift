import CZlib
import Foundation

/// Helpers the targets share: scratch files for readers that take a path, and gzip members.
enum FuzzSupport {
    /// One scratch directory per process: libFuzzer runs inputs one after another in one process, and
    /// parallel test processes each get their own.
    static let scratch: URL = {
        // /dev/shm when there is one: the scratch file is rewritten for every input.
        let shm = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : nil
        let base = ProcessInfo.processInfo.environment["KAIGUUL_FUZZ_SCRATCH"].map { URL(fileURLWithPath: $0) }
            ?? shm ?? FileManager.default.temporaryDirectory
        let dir = base.appendingPathComponent("kaiguul-fuzz-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// Writes `bytes` to a scratch file named `name` and returns its URL. Plain write(2): FileManager's
    /// createFile writes atomically with an fsync, which held the WARC target at under one run a second.
    static func file(_ name: String, _ bytes: [UInt8]) -> URL {
        let url = scratch.appendingPathComponent(name)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        invariant(fd >= 0, "cannot write scratch file \(url.path)")
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            invariant(n > 0, "cannot write scratch file \(url.path)")
            written += n
        }
        return url
    }

    /// `bytes` as a run of gzip members of at most `memberSize` bytes of input each.
    static func gzipMembers(_ bytes: [UInt8], memberSize: Int) -> [UInt8] {
        var output: [UInt8] = []
        var start = 0
        repeat {
            let end = min(bytes.count, start + max(1, memberSize))
            output += gzip(Array(bytes[start..<end]))
            start = end
        } while start < bytes.count
        return output
    }

    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: a gzip wrapper.
        invariant(deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                                   Int32(MemoryLayout<z_stream>.size)) == Z_OK)
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        let outputCount = output.count
        let status = input.withUnsafeMutableBufferPointer { inPtr in
            output.withUnsafeMutableBufferPointer { outPtr -> Int32 in
                stream.next_in = inPtr.baseAddress
                stream.avail_in = UInt32(inPtr.count)
                stream.next_out = outPtr.baseAddress
                stream.avail_out = UInt32(outputCount)
                return deflate(&stream, Z_FINISH)
            }
        }
        invariant(status == Z_STREAM_END, "deflate failed: \(status)")
        return Array(output[..<Int(stream.total_out)])
    }

    /// The input as text the way an upload handler would read it (invalid UTF-8 repaired).
    static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
