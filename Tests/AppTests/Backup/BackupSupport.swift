import Evidence
import Foundation
import Testing
import Vapor

@testable import App

/// A place to restore into: an empty data folder and, on PostgreSQL, an empty database of its own.
struct RestoreTarget {
    var config: AppConfig
    var drop: () async throws -> Void

    static func make() async throws -> RestoreTarget {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-restore-\(UUID().uuidString)")
        var databaseURL: String?
        var drop: () async throws -> Void = { try? FileManager.default.removeItem(at: dir) }
        if let base = TestBackend.postgresURL {
            let name = "kaiguul_restore_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
            try await PostgresAdmin.run(base: base, sql: "CREATE DATABASE \(name)")
            databaseURL = PostgresAdmin.url(base, database: String(name))
            drop = {
                try? FileManager.default.removeItem(at: dir)
                try await PostgresAdmin.run(base: base, sql: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
        let config = AppConfig(dataDirectory: dir, databaseURL: databaseURL, bcryptCost: 4, secureCookies: false,
                               uploadLimitBytes: 1_048_576, sessionLifetime: 3600)
        return RestoreTarget(config: config, drop: drop)
    }

    /// Runs `restore` as the command does: an application with nothing configured but the settings.
    func restore(_ backup: URL, log: @escaping @Sendable (String) -> Void = { _ in }) async throws -> BackupRestorer.Report {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        app.kaiguul = config
        do {
            let report = try await BackupRestorer(app: app, backup: backup, config: config, log: log).run()
            try await app.asyncShutdown()
            return report
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Opens the restored data as `serve` would.
    func withRestoredApp(_ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: config)
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

enum BackupFixture {
    /// Audit rows, a signed checkpoint, a blob and a WARC file: one of each thing a backup copies.
    static func fill(_ app: Application) async throws -> (blob: String, warc: String) {
        _ = try await app.makeUser("invented-analyst", role: .analyst)
        _ = try await app.makeUser("invented-legal", role: .legal)
        try await AuditCheckpoints.write(app: app)
        let blobs = try BlobStore(root: app.kaiguul.blobDirectory)
        let blob = try blobs.put(Data("Invented counter-material for the backup test.".utf8)).sha256
        let writer = try WARCWriter(configuration: WARCWriterConfiguration(
            directory: app.kaiguul.dataDirectory.appendingPathComponent("warc"), software: "Kaiguul/test",
            collector: "test"))
        _ = try await writer.write(ResourceCapture(
            targetURI: "https://invented-site.example/page", date: Date(), contentType: "text/plain",
            body: .data(Data("An invented page.".utf8)), source: "test"))
        _ = try await writer.close()
        let warc = try #require(await writer.fileNames.first)
        return (blob, warc)
    }

    static func backup(_ app: Application) throws -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-backup-\(UUID().uuidString)")
    }

    static func tableCount(_ target: RestoreTarget) async throws -> Int {
        guard let url = target.config.databaseURL else { return 0 }
        let app = try await Application.make(.testing)
        do {
            let n = try await BackupRestorer.tableCount(app, url: url)
            try await app.asyncShutdown()
            return n
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Entries of a manifest, in order.
    static func entries(_ folder: URL) throws -> [BackupManifest.Entry] {
        var found: [BackupManifest.Entry] = []
        try BackupManifestReader(url: folder.appendingPathComponent(BackupManifest.fileName)).forEachEntry {
            found.append($0)
        }
        return found
    }
}
