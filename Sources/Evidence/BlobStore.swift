import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A content-addressed store: every blob lives at `<root>/sha256/aa/bb/<hex>`, named by the
/// SHA-256 of its bytes, computed as it is stored.
///
/// Blobs are written to `<root>/tmp/`, flushed to disk, made read-only and then linked into place
/// with `link(2)`, which never replaces an existing name. So a blob is either absent or complete,
/// an existing blob is never overwritten (not even with identical bytes), and storing the same
/// content twice keeps one copy. Safe to use from many tasks and processes at once.
public struct BlobStore: Sendable {
    public let root: URL

    /// The result of storing something.
    public struct StoredBlob: Sendable, Hashable {
        public var sha256: String
        public var size: UInt64
        /// False when the store already held these bytes.
        public var isNew: Bool
    }

    public init(root: URL) throws {
        self.root = root
        for folder in ["sha256", "tmp"] {
            do {
                try FileManager.default.createDirectory(
                    at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            } catch {
                throw EvidenceError.io(path: root.path, reason: "\(error)")
            }
        }
    }

    /// Where the blob with this hash lives (whether or not it exists). Rejects anything that is not
    /// 64 lowercase hex digits, so a hash from a request cannot name another path.
    public func url(for sha256: String) throws -> URL {
        guard HexEncoding.isSHA256Hex(sha256) else { throw EvidenceError.invalidHash(sha256) }
        let chars = Array(sha256)
        return root.appendingPathComponent("sha256")
            .appendingPathComponent(String(chars[0..<2]))
            .appendingPathComponent(String(chars[2..<4]))
            .appendingPathComponent(sha256)
    }

    public func contains(_ sha256: String) -> Bool {
        guard let url = try? url(for: sha256) else { return false }
        return FileManager.default.fileExists(atPath: url.path)
    }

    /// Size of a stored blob.
    public func size(of sha256: String) throws -> UInt64 {
        guard let size = FileSupport.size(of: try url(for: sha256)) else { throw EvidenceError.blobNotFound(sha256) }
        return size
    }

    /// Stores bytes from memory.
    @discardableResult
    public func put(_ data: Data) throws -> StoredBlob {
        let hex = sha256Hex(data)
        let size = UInt64(data.count)
        if let existing = try existing(hex, size: size) { return existing }
        let temporary = temporaryURL()
        let handle = try FileSupport.createExclusive(temporary, mode: 0o600)
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
        } catch {
            unlink(temporary.path)
            throw EvidenceError.io(path: temporary.path, reason: "\(error)")
        }
        return try publish(temporary, sha256: hex, size: size)
    }

    /// Stores a file, streaming it: it is copied and hashed in one pass, so memory stays flat
    /// whatever its size. `maxBytes` bounds what is accepted.
    @discardableResult
    public func put(fileAt source: URL, maxBytes: UInt64? = nil) throws -> StoredBlob {
        let temporary = temporaryURL()
        let handle = try FileSupport.createExclusive(temporary, mode: 0o600)
        var hasher = SHA256()
        var size: UInt64 = 0
        do {
            try WARCWriter.forEachChunk(of: source) { chunk in
                size += UInt64(chunk.count)
                if let maxBytes, size > maxBytes { throw EvidenceError.tooLarge(limit: maxBytes) }
                hasher.update(data: chunk)
                try handle.write(contentsOf: chunk)
            }
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            unlink(temporary.path)
            if let evidenceError = error as? EvidenceError { throw evidenceError }
            throw EvidenceError.io(path: temporary.path, reason: "\(error)")
        }
        let hex = HexEncoding.encode(hasher.finalize())
        if let existing = try existing(hex, size: size) {
            unlink(temporary.path)
            return existing
        }
        return try publish(temporary, sha256: hex, size: size)
    }

    /// The whole blob, if it is at most `maxBytes`.
    public func read(_ sha256: String, maxBytes: Int) throws -> Data {
        let size = try size(of: sha256)
        guard size <= UInt64(maxBytes) else { throw EvidenceError.tooLarge(limit: UInt64(maxBytes)) }
        var data = Data()
        try forEachChunk(of: sha256) { data.append($0) }
        return data
    }

    /// Streams a blob in chunks (for serving downloads).
    public func forEachChunk(of sha256: String, chunkSize: Int = 1 << 20, _ body: (Data) throws -> Void) throws {
        let url = try url(for: sha256)
        guard FileManager.default.fileExists(atPath: url.path) else { throw EvidenceError.blobNotFound(sha256) }
        try WARCWriter.forEachChunk(of: url, chunkSize: chunkSize, body)
    }

    /// Re-hashes a stored blob; throws `blobCorrupted` if its bytes no longer match its name.
    public func verify(_ sha256: String) throws {
        let url = try url(for: sha256)
        guard FileManager.default.fileExists(atPath: url.path) else { throw EvidenceError.blobNotFound(sha256) }
        let (actual, _) = try FileSupport.sha256(of: url)
        guard actual == sha256 else { throw EvidenceError.blobCorrupted(expected: sha256, actual: actual) }
    }

    // MARK: - private

    private func existing(_ hex: String, size: UInt64) throws -> StoredBlob? {
        let url = try url(for: hex)
        guard let storedSize = FileSupport.size(of: url) else { return nil }
        // Same name, different size: the stored copy was damaged. Say so rather than hide it.
        guard storedSize == size else { throw EvidenceError.blobCorrupted(expected: hex, actual: "size \(storedSize)") }
        return StoredBlob(sha256: hex, size: size, isNew: false)
    }

    private func publish(_ temporary: URL, sha256: String, size: UInt64) throws -> StoredBlob {
        let final = try url(for: sha256)
        do {
            try FileManager.default.createDirectory(
                at: final.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            unlink(temporary.path)
            throw EvidenceError.io(path: final.path, reason: "\(error)")
        }
        chmod(temporary.path, 0o444)
        let isNew = try FileSupport.publishNoReplace(temporary: temporary, final: final)
        return StoredBlob(sha256: sha256, size: size, isNew: isNew)
    }

    private func temporaryURL() -> URL {
        root.appendingPathComponent("tmp").appendingPathComponent(UUID().uuidString.lowercased())
    }
}
