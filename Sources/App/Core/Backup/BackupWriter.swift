import Fluent
import Foundation
import SQLKit
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

/// `kaiguul backup`: a consistent copy of the database and the evidence files while the programme
/// keeps running.
///
/// Order matters, because workers go on writing: keys, checkpoints and models first; then the
/// database snapshot (SQLite `VACUUM INTO`, which reads in one transaction and so is consistent while
/// writers run; PostgreSQL `pg_dump --format=custom`, one repeatable-read snapshot); then WARC files
/// and blobs, which are append-only or write-once, so everything the snapshot names is already there.
/// `manifest.json` is written last, under a temporary name renamed at the end: a folder with a
/// manifest is a complete backup.
struct BackupWriter {
    var app: Application
    var out: URL
    var log: @Sendable (String) -> Void
    /// The keys of people's data stay out of a backup unless asked for: a stolen backup then reveals
    /// no name or contact, and an erased person's old ciphertext in it stays unreadable once the key
    /// folder (kept elsewhere) no longer holds their record's data key.
    var withPersonalKeys = false

    struct Report: Sendable {
        var files = 0
        var bytes: UInt64 = 0
        var warcFilesCut = 0
        var blobMismatches = 0
        var database = ""
        var seconds = 0.0
    }

    func run() async throws -> Report {
        let started = Date()
        let config = app.kaiguul
        let data = config.dataDirectory
        guard try await app.hasKaiguulTables() else {
            throw BackupRefusal("no Kaiguul database to back up (\(app.usesSQLite ? config.sqlitePath.path : "DATABASE_URL"))")
        }
        guard BackupFileIO.isEmptyOrAbsent(out) else {
            throw BackupRefusal("\(out.path) is not empty: a backup goes into a new or empty folder")
        }
        guard !out.standardizedFileURL.path.hasPrefix(data.standardizedFileURL.path + "/") else {
            throw BackupRefusal("\(out.path) is inside the data folder \(data.path)")
        }
        // The folder holds private keys.
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        _ = chmod(out.path, 0o700)

        let migrations = try await Self.migrationNames(app.db)
        let kind = app.usesSQLite ? "sqlite" : "postgresql"
        let databaseFile = BackupPath.databaseFolder + (app.usesSQLite ? "/kaiguul.sqlite" : "/kaiguul.pgdump")
        let header = BackupManifest(
            kaiguulVersion: KaiguulVersion.string, createdAt: ISO8601DateFormatter().string(from: started),
            database: kind, databaseFile: databaseFile,
            databaseMethod: app.usesSQLite ? "sqlite VACUUM INTO" : "pg_dump --format=custom",
            migrations: migrations)
        let partial = out.appendingPathComponent(BackupManifest.fileName + ".partial")
        let manifest = try BackupManifestWriter(url: partial, header: header)
        var report = Report(database: kind)
        func record(_ path: String, _ copied: BackupFileIO.Copied, mode: mode_t) throws {
            try manifest.append(.init(path: path, size: copied.size, sha256: copied.sha256,
                                      mode: BackupPath.modeText(mode)))
            report.files += 1
            report.bytes += copied.size
        }

        // 1. Before the snapshot.
        let personalKeys = app.personalData.directory.standardizedFileURL.path + "/"
        for folder in BackupPath.beforeSnapshot {
            try BackupFileIO.forEachFile(under: data.appendingPathComponent(folder)) { relative in
                let path = folder + "/" + relative
                let source = data.appendingPathComponent(path)
                // Copied below under their own name, or not at all.
                if source.standardizedFileURL.path.hasPrefix(personalKeys) { return }
                let mode = BackupFileIO.mode(of: source)
                // Checkpoint files are appended a line at a time: copy whole lines only.
                let limit = relative.hasSuffix(".jsonl") ? try Self.lengthOfWholeLines(source) : nil
                try record(path, try BackupFileIO.copy(source, to: out.appendingPathComponent(path), limit: limit,
                                                       mode: mode), mode: mode)
            }
        }

        if withPersonalKeys {
            let folder = app.personalData.directory
            try BackupFileIO.forEachFile(under: folder) { relative in
                guard BackupPath.isPersonalKeyFile(relative) else { return }
                let path = BackupPath.personalKeysFolder + "/" + relative
                let source = folder.appendingPathComponent(relative)
                try record(path, try BackupFileIO.copy(source, to: out.appendingPathComponent(path), mode: 0o600),
                           mode: 0o600)
            }
            log("personal data keys included (\(folder.path) as \(BackupPath.personalKeysFolder)/): this backup alone "
                + "reveals volunteers' names and contacts; keep it as safely as the key folder")
        } else {
            log("not backed up: the personal data keys (\(app.personalData.directory.path)); keep a copy of that folder "
                + "apart from the backups (without it the names and contacts in them cannot be read), or run "
                + "`kaiguul backup --with-personal-keys` for one self-contained folder")
        }

        // 2. The database.
        let dump = out.appendingPathComponent(databaseFile)
        try FileManager.default.createDirectory(at: dump.deletingLastPathComponent(), withIntermediateDirectories: true)
        let snapshotStarted = Date()
        if app.usesSQLite {
            guard let sql = app.db as? any SQLDatabase else { throw CommandFailure("not an SQL database") }
            try await sql.raw("VACUUM INTO \(bind: dump.path)").run()
        } else {
            let pgDump = try PostgresTools.executable("pg_dump", variable: "KAIGUUL_PG_DUMP")
            try await PostgresTools.run(pgDump, ["--format=custom", "--no-password", "--file=\(dump.path)"],
                                        databaseURL: config.databaseURL ?? "")
        }
        _ = chmod(dump.path, 0o600)
        try record(databaseFile, try BackupFileIO.hash(dump), mode: 0o600)
        log("database snapshot (\(header.databaseMethod)) in \(Self.seconds(since: snapshotStarted)) s")
        guard try await Self.migrationNames(app.db) == migrations else {
            throw BackupRefusal("a migration ran while the backup was taken; run the backup again")
        }

        // 3. After the snapshot: WARC files up to their last complete record, blobs whole.
        let known = try await Self.knownWARCEnds(app.db)
        let warc = data.appendingPathComponent("warc")
        try BackupFileIO.forEachFile(under: warc) { relative in
            let path = "warc/" + relative
            let source = data.appendingPathComponent(path)
            guard let size = BackupFileIO.size(of: source) else { return }
            var limit: UInt64?
            if relative.hasSuffix(".warc.gz") || relative.hasSuffix(".warc") {
                let complete = WARCCompleteLength.of(source, knownEnd: known[relative] ?? 0, size: size)
                if complete < size {
                    report.warcFilesCut += 1
                    log("\(path): copied the first \(complete) of \(size) bytes (a record was being written)")
                }
                guard complete > 0 else { return }
                limit = complete
            }
            let mode = BackupFileIO.mode(of: source)
            try record(path, try BackupFileIO.copy(source, to: out.appendingPathComponent(path), limit: limit,
                                                   mode: mode), mode: mode)
        }
        try BackupFileIO.forEachFile(under: data.appendingPathComponent("blobs/sha256")) { relative in
            let path = "blobs/sha256/" + relative
            let source = data.appendingPathComponent(path)
            let mode = BackupFileIO.mode(of: source)
            let copied = try BackupFileIO.copy(source, to: out.appendingPathComponent(path), mode: mode)
            if copied.sha256 != source.lastPathComponent {
                report.blobMismatches += 1
                log("WARNING: blob \(path) does not hash to its name (\(copied.sha256)); copied as found")
            }
            try record(path, copied, mode: mode)
        }

        let known_ = Set(BackupPath.beforeSnapshot + ["warc", "blobs"]).union(BackupPath.skipped)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: data.path)) ?? [] where !known_.contains(name) {
            log("not backed up: \(data.appendingPathComponent(name).path) (not a folder Kaiguul keeps data in)")
        }
        let env = ProcessInfo.processInfo.environment
        for variable in ["KAIGUUL_WACZ_KEY_FILE", "KAIGUUL_AUDIT_KEY_FILE", "KAIGUUL_SIGNING_CERT", "KAIGUUL_SIGNING_CERT_KEY"]
            where !(env[variable] ?? "").isEmpty {
            log("not backed up: \(variable) names a file outside the data folder; keep it with the backup yourself")
        }

        // Every copied file reaches the disk before the manifest says the backup is complete.
        sync()
        try manifest.finish()
        let final = out.appendingPathComponent(BackupManifest.fileName)
        guard rename(partial.path, final.path) == 0 else { throw CommandFailure("cannot write \(final.path)") }
        let folder = open(out.path, O_RDONLY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Applied migrations in the order they ran.
    static func migrationNames(_ db: any Database) async throws -> [String] {
        guard let sql = db as? any SQLDatabase else { return [] }
        return try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at, name").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    /// Per WARC file name, the end of the last record the database names in it (response or metadata).
    static func knownWARCEnds(_ db: any Database) async throws -> [String: UInt64] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw("""
            SELECT warc_file AS f, max(warc_offset + warc_length) AS a, max(metadata_offset + metadata_length) AS b
            FROM captures WHERE warc_file IS NOT NULL GROUP BY warc_file
            """).all()
        var ends: [String: UInt64] = [:]
        for row in rows {
            let name = try row.decode(column: "f", as: String.self)
            let a = try row.decode(column: "a", as: Int?.self) ?? 0
            let b = try row.decode(column: "b", as: Int?.self) ?? 0
            ends[name] = UInt64(max(a, b, 0))
        }
        return ends
    }

    /// The file's length up to and including its last newline.
    static func lengthOfWholeLines(_ url: URL) throws -> UInt64 {
        guard let size = BackupFileIO.size(of: url), size > 0,
              let handle = FileHandle(forReadingAtPath: url.path) else { return 0 }
        defer { try? handle.close() }
        var end = size
        while end > 0 {
            let start = end > 65_536 ? end - 65_536 : 0
            try handle.seek(toOffset: start)
            let data = try handle.read(upToCount: Int(end - start)) ?? Data()
            if let newline = data.lastIndex(of: 0x0A) {
                return start + UInt64(newline - data.startIndex) + 1
            }
            end = start
        }
        return 0
    }

    static func seconds(since: Date) -> String {
        String(format: "%.2f", Date().timeIntervalSince(since))
    }
}
