import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Which parts of the data folder a backup holds, and the rules every manifest path obeys.
///
/// An allow-list, not "everything": work folders (`work/`, `uploads-in-progress/`, `blobs/tmp/`), a
/// nested `demo/` folder and the live SQLite files never belong in a backup; anything unknown is named on
/// stderr so an operator sees what was left out.
enum BackupPath {
    /// Folders copied before the database snapshot: a checkpoint or key that exists in the copy existed
    /// before the snapshot, so the restored database never lacks rows a checkpoint covers.
    static let beforeSnapshot = ["keys", "audit", "models"]
    /// Folders copied after it: every WARC record and blob the snapshot names was written before its row.
    static let afterSnapshot = ["warc", "blobs/sha256"]
    static let databaseFolder = "database"
    /// Where `--with-personal-keys` puts the personal data keys, and where `restore` writes them back
    /// (the instance's own key folder, `data/keys/personal/`).
    static let personalKeysFolder = "keys/personal"

    /// A key file of the personal data key folder (`data-<id>.key`, `search.key`, `retired/data-<id>.key`);
    /// anything else an operator left there is not a key and not copied.
    static func isPersonalKeyFile(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/").map(String.init)
        switch parts.count {
        case 1: return parts[0] == PersonalDataKeyring.searchFile || PersonalDataKeyring.id(fromFileName: parts[0]) != nil
        case 2: return parts[0] == PersonalDataKeyring.retiredFolder && PersonalDataKeyring.id(fromFileName: parts[1]) != nil
        default: return false
        }
    }
    /// Top-level entries of the data folder that are deliberately not backed up.
    static let skipped: Set<String> = ["kaiguul.sqlite", "kaiguul.sqlite-wal", "kaiguul.sqlite-shm", "work",
                                       "uploads-in-progress", "demo"]

    /// A manifest path names a file under one of the known folders, relatively, without `..`: a hostile
    /// manifest cannot make `restore` write elsewhere.
    static func check(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, path.utf8.count <= 4096, !path.hasPrefix("/"),
              parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
              !path.contains("\0"), !path.contains("\\"),
              (beforeSnapshot + afterSnapshot + [databaseFolder]).contains(where: { path.hasPrefix($0 + "/") })
        else {
            throw BackupRefusal("manifest path \(path.prefix(200).debugDescription) is not one a backup holds")
        }
    }

    static func mode(_ text: String) -> mode_t? {
        guard text.count == 4, let value = mode_t(text, radix: 8), value <= 0o777 else { return nil }
        return value
    }

    static func modeText(_ mode: mode_t) -> String {
        let digits = String(mode & 0o777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Streams files: copies with the SHA-256 computed on the way, never holding a file in memory.
enum BackupFileIO {
    static let chunk = 1 << 20

    struct Copied {
        var size: UInt64
        var sha256: String
    }

    /// Copies the first `limit` bytes (all when nil) of `source` to a new file `target` (refuses an
    /// existing one). Not synced one by one (a million blobs would cost a million fsyncs): callers
    /// sync the file system once at the end, before the manifest (backup) or the report (restore).
    @discardableResult
    static func copy(_ source: URL, to target: URL, limit: UInt64? = nil, mode: mode_t = 0o644) throws -> Copied {
        guard let input = FileHandle(forReadingAtPath: source.path) else {
            throw CommandFailure("cannot read \(source.path)")
        }
        defer { try? input.close() }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        let fd = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CommandFailure("cannot create \(target.path): \(String(cString: strerror(errno)))")
        }
        let output = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var hasher = SHA256()
        var size: UInt64 = 0
        while limit.map({ size < $0 }) ?? true {
            let want = limit.map { Int(min(UInt64(chunk), $0 - size)) } ?? chunk
            guard let data = try input.read(upToCount: want), !data.isEmpty else { break }
            hasher.update(data: data)
            try output.write(contentsOf: data)
            size += UInt64(data.count)
        }
        if let limit, size != limit {
            throw CommandFailure("\(source.path) ended at \(size) bytes, \(limit) expected")
        }
        try output.close()
        guard chmod(target.path, mode & 0o777) == 0 else {
            throw CommandFailure("cannot set the mode of \(target.path)")
        }
        return Copied(size: size, sha256: hex(hasher.finalize()))
    }

    /// SHA-256 and size of a file, read in chunks.
    static func hash(_ url: URL) throws -> Copied {
        guard let input = FileHandle(forReadingAtPath: url.path) else {
            throw CommandFailure("cannot read \(url.path)")
        }
        defer { try? input.close() }
        var hasher = SHA256()
        var size: UInt64 = 0
        while let data = try input.read(upToCount: chunk), !data.isEmpty {
            hasher.update(data: data)
            size += UInt64(data.count)
        }
        return Copied(size: size, sha256: hex(hasher.finalize()))
    }

    static func mode(of url: URL) -> mode_t {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return 0o644 }
        return info.st_mode & 0o777
    }

    static func size(of url: URL) -> UInt64? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return UInt64(info.st_size)
    }

    /// Calls `body` with every regular file under `folder` (relative path), without following symbolic
    /// links and without listing the folder first: a blob store holds millions.
    static func forEachFile(under folder: URL, _ body: (String) throws -> Void) throws {
        guard FileManager.default.fileExists(atPath: folder.path),
              let walker = FileManager.default.enumerator(atPath: folder.path) else { return }
        while let relative = walker.nextObject() as? String {
            if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular { try body(relative) }
        }
    }

    /// True when the folder does not exist or holds nothing.
    static func isEmptyOrAbsent(_ folder: URL) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            return !FileManager.default.fileExists(atPath: folder.path)
        }
        return names.isEmpty
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
