import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A checkpoints file: one JSON line per checkpoint. The instance's own file
/// (`data/audit/checkpoints.jsonl`) is only ever appended to — opened with O_APPEND, synced to
/// disk before a checkpoint counts as written, never rewritten — so that an attacker who deletes
/// the `audit_checkpoints` rows still leaves it behind. Exported copies have the same format.
struct AuditCheckpointFile: Sendable {
    /// A line longer than this is not a checkpoint (a few timestamp tokens fit many times over).
    static let maxLineBytes = 1 << 20

    var url: URL

    static func local(dataDirectory: URL) -> AuditCheckpointFile {
        AuditCheckpointFile(
            url: dataDirectory.appendingPathComponent("audit").appendingPathComponent("checkpoints.jsonl"))
    }

    var exists: Bool { FileManager.default.fileExists(atPath: url.path) }

    /// Appends one line in a single write and syncs it (and, for a new file, its folder).
    func append(_ record: AuditCheckpointRecord) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o750])
        let isNew = !exists
        let fd = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            throw AuditCheckpointFileError("cannot open \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let line = record.jsonLine()
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count else {
            throw AuditCheckpointFileError("cannot append to \(url.path): \(String(cString: strerror(errno)))")
        }
        guard fsync(fd) == 0 else {
            throw AuditCheckpointFileError("cannot sync \(url.path): \(String(cString: strerror(errno)))")
        }
        if isNew {
            let dir = open(folder.path, O_RDONLY | O_CLOEXEC)
            if dir >= 0 {
                _ = fsync(dir)
                close(dir)
            }
        }
    }

    struct Line: Sendable {
        var number: Int
        var result: Result<AuditCheckpointRecord, AuditCheckpointFormatError>
    }

    /// Every non-empty line, parsed, in order. Reads in chunks, so a long file is never loaded whole.
    func read() throws -> [Line] {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw AuditCheckpointFileError("cannot read \(url.path)")
        }
        defer { try? handle.close() }
        var lines: [Line] = []
        var pending = Data()
        var number = 0
        var skipping = false
        func finish(_ bytes: Data) {
            number += 1
            if skipping {
                lines.append(
                    Line(number: number, result: .failure(.init("line longer than \(Self.maxLineBytes) bytes"))))
                skipping = false
                return
            }
            guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { return }
            do {
                lines.append(Line(number: number, result: .success(try AuditCheckpointRecord.parse(line: bytes))))
            } catch {
                lines.append(
                    Line(number: number, result: .failure(error as? AuditCheckpointFormatError ?? .init("\(error)"))))
            }
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            var rest = chunk[...]
            while let newline = rest.firstIndex(of: 0x0A) {
                if !skipping { pending.append(contentsOf: rest[rest.startIndex..<newline]) }
                finish(pending)
                pending = Data()
                rest = rest[(newline + 1)...]
            }
            if !skipping { pending.append(contentsOf: rest) }
            if pending.count > Self.maxLineBytes {
                skipping = true
                pending = Data()
            }
        }
        if skipping || !pending.isEmpty { finish(pending) }
        return lines
    }
}

struct AuditCheckpointFileError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
