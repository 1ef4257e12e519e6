import Foundation

/// What a backup folder holds: `manifest.json`, written by `kaiguul backup` and read by `kaiguul restore`.
///
/// The file is one JSON object, laid out one entry per line so that both sides stream it: a backup of a
/// national instance lists millions of blobs, and neither side may hold that list in memory.
///
///     {"manifest":{"format":"kaiguul-backup/1",…,"migrations":[…]},
///     "files":[
///     {"path":"database/kaiguul.sqlite","size":…,"sha256":"…","mode":"0644"},
///     …
///     ]}
///
/// Any JSON reader reads it whole (python3 -m json.tool, jq); `restore` accepts only this layout.
struct BackupManifest: Codable, Sendable, Equatable {
    static let fileName = "manifest.json"
    static let format = "kaiguul-backup/1"

    var format = BackupManifest.format
    var kaiguulVersion: String
    var createdAt: String
    /// `sqlite` or `postgresql`.
    var database: String
    /// The database dump inside the folder: `database/kaiguul.sqlite` or `database/kaiguul.pgdump`.
    var databaseFile: String
    /// How the database was copied while writers ran (said, so a reader knows what consistency to expect).
    var databaseMethod: String
    /// `_fluent_migrations` names of the backed-up database, in the order they ran.
    var migrations: [String]

    enum CodingKeys: String, CodingKey {
        case format
        case kaiguulVersion = "kaiguul_version"
        case createdAt = "created_at"
        case database
        case databaseFile = "database_file"
        case databaseMethod = "database_method"
        case migrations
    }

    struct Entry: Codable, Sendable, Equatable {
        /// Relative to the backup folder, and to the data folder once restored (except the database).
        var path: String
        var size: UInt64
        var sha256: String
        /// Octal permission bits, restored as they were (keys stay 0600, blobs read-only).
        var mode: String
    }

    static let headerPrefix = "{\"manifest\":"
    static let filesLine = "\"files\":["
    static let closingLine = "]}"
}

/// Writes `manifest.json` entry by entry.
final class BackupManifestWriter {
    private let handle: FileHandle
    private var first = true
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    init(url: URL, header: BackupManifest) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil,
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CommandFailure("cannot create \(url.path)")
        }
        handle = try FileHandle(forWritingTo: url)
        let head = String(decoding: try encoder.encode(header), as: UTF8.self)
        try write(BackupManifest.headerPrefix + head + ",\n" + BackupManifest.filesLine)
    }

    func append(_ entry: BackupManifest.Entry) throws {
        let line = String(decoding: try encoder.encode(entry), as: UTF8.self)
        try write((first ? "\n" : ",\n") + line)
        first = false
    }

    /// Closes the list and syncs the file: a manifest that exists is complete.
    func finish() throws {
        try write("\n" + BackupManifest.closingLine + "\n")
        try handle.synchronize()
        try handle.close()
    }

    private func write(_ text: String) throws {
        try handle.write(contentsOf: Data(text.utf8))
    }
}

/// Reads `manifest.json` line by line; refuses anything not laid out as `BackupManifestWriter` writes it.
struct BackupManifestReader {
    /// A manifest line longer than this is not one (paths are bounded well below it).
    static let maxLineBytes = 1 << 20
    var url: URL

    func header() throws -> BackupManifest {
        var found: BackupManifest?
        try lines { number, line in
            guard number == 1 else { return false }
            found = try Self.parseHeader(line)
            return false
        }
        guard let found else { throw BackupRefusal("\(url.path) is empty") }
        return found
    }

    /// Calls `body` with every file entry, in order; checks the layout and that no path repeats.
    func forEachEntry(_ body: (BackupManifest.Entry) throws -> Void) throws {
        var state = 0  // 0 header, 1 files line, 2 entries, 3 closed
        var seen = Set<String>()
        try lines { number, line in
            switch state {
            case 0:
                _ = try Self.parseHeader(line)
                state = 1
            case 1:
                guard line == BackupManifest.filesLine else { throw layout(number) }
                state = 2
            case 2:
                if line == BackupManifest.closingLine {
                    state = 3
                    return true
                }
                var text = line
                if text.hasSuffix(",") { text.removeLast() }
                guard let entry = try? JSONDecoder().decode(BackupManifest.Entry.self, from: Data(text.utf8)) else {
                    throw layout(number)
                }
                try BackupPath.check(entry.path)
                guard HexSHA256.isValid(entry.sha256), BackupPath.mode(entry.mode) != nil else { throw layout(number) }
                guard seen.insert(entry.path).inserted else {
                    throw BackupRefusal("manifest line \(number): \(entry.path) listed twice")
                }
                try body(entry)
            default:
                guard line.isEmpty else { throw layout(number) }
            }
            return true
        }
        guard state == 3 else { throw BackupRefusal("\(url.path) ends before its file list is closed") }
    }

    private func layout(_ number: Int) -> BackupRefusal {
        BackupRefusal("\(url.path) line \(number) is not laid out as `kaiguul backup` writes it")
    }

    static func parseHeader(_ line: String) throws -> BackupManifest {
        guard line.hasPrefix(BackupManifest.headerPrefix), line.hasSuffix(",") else {
            throw BackupRefusal("manifest.json does not start as `kaiguul backup` writes it")
        }
        let json = line.dropFirst(BackupManifest.headerPrefix.count).dropLast()
        let header: BackupManifest
        do { header = try JSONDecoder().decode(BackupManifest.self, from: Data(json.utf8)) } catch {
            throw BackupRefusal("manifest.json header unreadable: \(error)")
        }
        guard header.format == BackupManifest.format else {
            throw BackupRefusal("manifest.json is format \(header.format.prefix(40).debugDescription); this kaiguul "
                + "reads \(BackupManifest.format)")
        }
        return header
    }

    /// Streams the file's lines (without their newline); `body` returns false to stop.
    private func lines(_ body: (Int, String) throws -> Bool) throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw BackupRefusal("no \(BackupManifest.fileName) at \(url.deletingLastPathComponent().path)")
        }
        defer { try? handle.close() }
        var pending = Data()
        var number = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                number += 1
                let line = String(decoding: pending[start..<newline], as: UTF8.self)
                start = newline + 1
                if try !body(number, line) { return }
            }
            pending = Data(pending[start...])
            guard pending.count <= Self.maxLineBytes else {
                throw BackupRefusal("manifest.json line \(number + 1) is longer than \(Self.maxLineBytes) bytes")
            }
        }
        if !pending.isEmpty {
            number += 1
            _ = try body(number, String(decoding: pending, as: UTF8.self))
        }
    }
}

/// Why a backup or restore did not go ahead; nothing was written.
struct BackupRefusal: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

enum HexSHA256 {
    static func isValid(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
