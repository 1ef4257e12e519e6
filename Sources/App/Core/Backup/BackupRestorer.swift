import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

/// `kaiguul restore DIR`: checks first, writes after.
///
/// Refuses, with nothing written: a folder without a complete manifest; a manifest path outside the
/// folders a backup holds; any file whose size or SHA-256 differs from the manifest (all are read before
/// anything is written); a backup of the other database kind; migrations this kaiguul does not know (a
/// newer release made it); a data folder that is not empty; a PostgreSQL database that has any table.
/// Then copies the files (hashing again on the way), restores the database (`pg_restore
/// --single-transaction`, or the SQLite file) and checks what it restored: the migrations, SQLite's
/// integrity, and that every WARC record and document the database names is there.
struct BackupRestorer {
    var app: Application
    var backup: URL
    var config: AppConfig
    var log: @Sendable (String) -> Void

    struct Report: Sendable {
        var files = 0
        var bytes: UInt64 = 0
        var database = ""
        var migrations = 0
        var seconds = 0.0
        /// Personal data keys the restored rows need and the key folder lacks (id, or `search.key`),
        /// with how many rows need each. Not a failure: the keys are kept apart from backups.
        var missingPersonalKeys: [String: Int] = [:]
        var personalKeyFolder = ""
    }

    func run() async throws -> Report {
        let started = Date()
        let reader = BackupManifestReader(url: backup.appendingPathComponent(BackupManifest.fileName))
        let header = try reader.header()
        let data = config.dataDirectory
        // The kind of database.
        let targetKind = config.databaseURL == nil ? "sqlite" : "postgresql"
        guard header.database == targetKind else {
            throw BackupRefusal("this is a \(header.database) backup and the target is \(targetKind): "
                + (header.database == "sqlite" ? "unset DATABASE_URL" : "set DATABASE_URL to an empty PostgreSQL database"))
        }
        let expectedFile = BackupPath.databaseFolder + (targetKind == "sqlite" ? "/kaiguul.sqlite" : "/kaiguul.pgdump")
        guard header.databaseFile == expectedFile else {
            throw BackupRefusal("the manifest names the database file \(header.databaseFile.prefix(200).debugDescription)")
        }
        let known = Set(Self.knownMigrations)
        let unknown = header.migrations.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw BackupRefusal("the backup's database has migrations this kaiguul does not know (a newer release "
                + "made it): \(unknown.prefix(5).joined(separator: ", "))")
        }
        // The target.
        guard BackupFileIO.isEmptyOrAbsent(data) else {
            throw BackupRefusal("the data folder \(data.path) is not empty: restore goes into an empty one")
        }
        if let url = config.databaseURL {
            let tables = try await Self.tableCount(app, url: url)
            guard tables == 0 else {
                throw BackupRefusal("the database of DATABASE_URL is not empty (\(tables) tables): restore goes into an "
                    + "empty database")
            }
        }
        // Every file, before anything is written.
        var report = Report(database: targetKind)
        var problems: [String] = []
        var sawDatabase = false
        try reader.forEachEntry { entry in
            if entry.path == header.databaseFile { sawDatabase = true }
            let file = backup.appendingPathComponent(entry.path)
            var info = stat()
            guard lstat(file.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                problems.append("\(entry.path): missing")
                return
            }
            guard UInt64(info.st_size) == entry.size else {
                problems.append("\(entry.path): \(info.st_size) bytes, the manifest says \(entry.size)")
                return
            }
            let found = try BackupFileIO.hash(file)
            if found.sha256 != entry.sha256 { problems.append("\(entry.path): SHA-256 \(found.sha256), the manifest says \(entry.sha256)") }
            report.files += 1
            report.bytes += entry.size
        }
        if !sawDatabase { problems.append("\(header.databaseFile): not in the manifest") }
        guard problems.isEmpty else {
            for problem in problems.prefix(20) { log("mismatch: \(problem)") }
            throw BackupRefusal("the backup does not match its manifest (\(problems.count) file(s)); nothing was restored")
        }
        log("verified \(report.files) files, \(report.bytes) bytes, in \(BackupWriter.seconds(since: started)) s")

        // Write: files, then the database.
        let folderExisted = FileManager.default.fileExists(atPath: data.path)
        do {
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: data.appendingPathComponent("keys"),
                                                    withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try reader.forEachEntry { entry in
                let source = backup.appendingPathComponent(entry.path)
                let target: URL
                if entry.path == header.databaseFile {
                    guard targetKind == "sqlite" else { return }
                    target = config.sqlitePath
                } else {
                    target = data.appendingPathComponent(entry.path)
                }
                let copied = try BackupFileIO.copy(source, to: target, mode: BackupPath.mode(entry.mode) ?? 0o644)
                guard copied.sha256 == entry.sha256, copied.size == entry.size else {
                    throw BackupRefusal("\(entry.path) changed while it was restored")
                }
            }
            if let url = config.databaseURL {
                let started = Date()
                let pgRestore = try PostgresTools.executable("pg_restore", variable: "KAIGUUL_PG_RESTORE")
                let name = try PostgresTools.connectionEnvironment(url)["PGDATABASE"] ?? ""
                try await PostgresTools.run(pgRestore, [
                    "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--no-password",
                    "--dbname=\(name)", backup.appendingPathComponent(header.databaseFile).path,
                ], databaseURL: url)
                log("pg_restore in \(BackupWriter.seconds(since: started)) s")
            }
            for folder in [BackupPath.personalKeysFolder, BackupPath.personalKeysFolder + "/" + PersonalDataKeyring.retiredFolder] {
                let url = data.appendingPathComponent(folder)
                if FileManager.default.fileExists(atPath: url.path) { _ = chmod(url.path, 0o700) }
            }
            sync()
        } catch {
            // The folder was empty: what is in it now is what this restore wrote.
            if folderExisted {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: data.path)) ?? [] {
                    try? FileManager.default.removeItem(at: data.appendingPathComponent(name))
                }
            } else {
                try? FileManager.default.removeItem(at: data)
            }
            throw error
        }

        // Check what was restored.
        report.migrations = try await check(header: header)
        let keyFolder = PersonalDataKeyring.locate(dataDirectory: data, env: ProcessInfo.processInfo.environment).directory
        report.personalKeyFolder = keyFolder.path
        report.missingPersonalKeys = try await Self.missingPersonalKeys(in: keyFolder, on: app.db(Self.restoredID))
        for (id, rows) in report.missingPersonalKeys.sorted(by: { $0.key < $1.key }) {
            let file = id == PersonalDataKeyring.searchFile ? id : "data-\(id).key"
            log("personal data key missing: \(file), needed by \(rows) record(s); copy it from where you keep the "
                + "personal data keys into \(keyFolder.path) before starting Kaiguul, or those names and contacts "
                + "cannot be read")
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    static let restoredID = DatabaseID(string: "restored")

    /// Every migration this release records: the list, and the sealing migration registered apart
    /// from it (it needs the keyring).
    static var knownMigrations: [String] {
        Migrations.all.map(\.name) + [String(reflecting: SealPersonalFields.self)]
    }

    /// Ids of the key-encryption keys rows use that are neither current nor retired in `folder`,
    /// and `search.key` when contacts have search hashes and the folder has no search key.
    static func missingPersonalKeys(in folder: URL, on db: any Database) async throws -> [String: Int] {
        var present: Set<String> = []
        for sub in [folder, folder.appendingPathComponent(PersonalDataKeyring.retiredFolder)] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: sub.path)) ?? [] {
                if let id = PersonalDataKeyring.id(fromFileName: name) { present.insert(id) }
            }
        }
        var missing = try await PersonalDataSealer.keysInUse(on: db).filter { !present.contains($0.key) }
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent(PersonalDataKeyring.searchFile).path) {
            let hashed = try await Volunteer.query(on: db).filter(\.$contactHash != nil).count()
            if hashed > 0 { missing[PersonalDataKeyring.searchFile] = hashed }
        }
        return missing
    }

    private func check(header: BackupManifest) async throws -> Int {
        let id = Self.restoredID
        if let url = config.databaseURL {
            app.databases.use(try .postgres(url: url), as: id, isDefault: false)
        } else {
            app.databases.use(.sqlite(.file(config.sqlitePath.path)), as: id, isDefault: false)
        }
        guard let sql = app.db(id) as? any SQLDatabase else { throw CommandFailure("not an SQL database") }
        var failures: [String] = []
        if config.databaseURL == nil {
            let result = try await sql.raw("PRAGMA integrity_check").all()
                .map { (try? $0.decode(column: "integrity_check", as: String.self)) ?? "?" }
            if result != ["ok"] { failures.append("SQLite integrity check: \(result.prefix(5).joined(separator: "; "))") }
        }
        let migrations = try await BackupWriter.migrationNames(app.db(id))
        if migrations != header.migrations {
            failures.append("the restored database has \(migrations.count) migrations, the manifest \(header.migrations.count)")
        }
        // Every record the database names lies inside its restored WARC file.
        let warc = config.dataDirectory.appendingPathComponent("warc")
        for (name, end) in try await BackupWriter.knownWARCEnds(app.db(id)) {
            let size = BackupFileIO.size(of: warc.appendingPathComponent(name)) ?? 0
            if size < end { failures.append("warc/\(name): \(size) bytes, the database names records up to \(end)") }
        }
        // Every document's file is in the blob store.
        let blobs = config.blobDirectory.appendingPathComponent("sha256")
        let documents = try await sql.raw("SELECT DISTINCT sha256 AS h FROM documents").all()
        for row in documents {
            let hash = try row.decode(column: "h", as: String.self)
            guard HexSHA256.isValid(hash) else { continue }
            let chars = Array(hash)
            let path = blobs.appendingPathComponent(String(chars[0..<2])).appendingPathComponent(String(chars[2..<4]))
                .appendingPathComponent(hash)
            if !FileManager.default.fileExists(atPath: path.path) { failures.append("document blob \(hash) missing") }
        }
        guard failures.isEmpty else {
            for failure in failures.prefix(20) { log("check failed: \(failure)") }
            throw CommandFailure("the restored data did not pass its checks (\(failures.count)); see above")
        }
        return migrations.count
    }

    /// Tables in the target PostgreSQL database, outside the system schemas.
    static func tableCount(_ app: Application, url: String) async throws -> Int {
        let id = DatabaseID(string: "restore-target")
        app.databases.use(try .postgres(url: url), as: id, isDefault: false)
        guard let sql = app.db(id) as? any SQLDatabase else { throw CommandFailure("not an SQL database") }
        let row = try await sql.raw("""
            SELECT count(*) AS n FROM information_schema.tables
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
            """).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
