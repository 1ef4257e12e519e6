import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations shared by the blob store and the package writers.
enum FileSupport {
    /// SHA-256 (hex) and size of a file, read in chunks.
    static func sha256(of url: URL, maxBytes: UInt64? = nil) throws -> (hex: String, size: UInt64) {
        var hasher = SHA256()
        var size: UInt64 = 0
        try WARCWriter.forEachChunk(of: url) { chunk in
            size += UInt64(chunk.count)
            if let maxBytes, size > maxBytes { throw EvidenceError.tooLarge(limit: maxBytes) }
            hasher.update(data: chunk)
        }
        return (HexEncoding.encode(hasher.finalize()), size)
    }

    /// Creates a new file that must not exist yet, for writing.
    static func createExclusive(_ url: URL, mode: mode_t = 0o644) throws -> FileHandle {
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw EvidenceError.io(path: url.path, reason: lastError()) }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Gives a finished temporary file its final name without ever replacing an existing file:
    /// `link` fails if the name is taken, where `rename` would silently overwrite. Returns false
    /// if the name was taken (the temporary file is then removed).
    static func publishNoReplace(temporary: URL, final: URL) throws -> Bool {
        defer { unlink(temporary.path) }
        if link(temporary.path, final.path) == 0 { return true }
        if errno == EEXIST { return false }
        throw EvidenceError.io(path: final.path, reason: lastError())
    }

    static func size(of url: URL) -> UInt64? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return UInt64(info.st_size)
    }

    static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
