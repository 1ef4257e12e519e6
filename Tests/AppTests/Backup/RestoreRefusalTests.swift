import Evidence
import Foundation
import Testing
import FluentPostgresDriver
import NIOConcurrencyHelpers
import SQLKit
import Vapor

@testable import App

/// `restore` checks before it writes: a backup that does not match its manifest, a manifest that
/// names paths outside a backup's folders or migrations this release does not know, and a target
/// that is not empty are refused, and nothing is written.
@Suite("Restore refusals") struct RestoreRefusalTests {
    /// Backs up a filled instance and hands the folder and an empty target to `body`.
    func withBackup(_ body: (URL, RestoreTarget) async throws -> Void) async throws {
        try await withApp { app in
            _ = try await BackupFixture.fill(app)
            let out = try BackupFixture.backup(app)
            defer { try? FileManager.default.removeItem(at: out) }
            _ = try await BackupWriter(app: app, out: out, log: { _ in }).run()
            let target = try await RestoreTarget.make()
            do {
                try await body(out, target)
            } catch {
                try? await target.drop()
                throw error
            }
            try await target.drop()
        }
    }

    /// Nothing was written: no data folder, no table in the target database.
    func expectNothingWritten(_ target: RestoreTarget) async throws {
        #expect(!FileManager.default.fileExists(atPath: target.config.dataDirectory.path))
        #expect(try await BackupFixture.tableCount(target) == 0)
    }

    @Test func aChangedByteInAnyFileRefusesTheWholeRestore() async throws {
        try await withBackup { out, target in
            // setup: one byte of a blob, the same size.
            let entry = try #require(try BackupFixture.entries(out).first { $0.path.hasPrefix("blobs/") })
            let file = out.appendingPathComponent(entry.path)
            _ = chmod(file.path, 0o644)
            var bytes = try Data(contentsOf: file)
            bytes[bytes.startIndex] ^= 0x01
            try bytes.write(to: file)
            // MUT
            let said = NIOLockedValueBox<[String]>([])
            await #expect(throws: BackupRefusal.self) {
                _ = try await target.restore(out, log: { line in said.withLockedValue { $0.append(line) } })
            }
            // validate: found by the check before writing (which names the file), not while copying.
            #expect(said.withLockedValue { $0 }.contains { $0.hasPrefix("mismatch: \(entry.path): SHA-256") })
            try await expectNothingWritten(target)
        }
    }

    @Test func aMissingFileRefusesTheRestore() async throws {
        try await withBackup { out, target in
            let entry = try #require(try BackupFixture.entries(out).first { $0.path.hasPrefix("warc/") })
            try FileManager.default.removeItem(at: out.appendingPathComponent(entry.path))
            await #expect(throws: BackupRefusal.self) { _ = try await target.restore(out) }
            try await expectNothingWritten(target)
        }
    }

    @Test func aDataFolderThatIsNotEmptyIsRefusedAndLeftAlone() async throws {
        try await withBackup { out, target in
            // setup
            let data = target.config.dataDirectory
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            let kept = data.appendingPathComponent("notes.txt")
            try Data("an operator's file".utf8).write(to: kept)
            // MUT
            await #expect(throws: BackupRefusal.self) { _ = try await target.restore(out) }
            // validate: the folder holds what it held.
            #expect(try FileManager.default.contentsOfDirectory(atPath: data.path) == ["notes.txt"])
            #expect(try Data(contentsOf: kept) == Data("an operator's file".utf8))
        }
    }

    @Test func aPostgreSQLDatabaseWithTablesIsRefused() async throws {
        guard TestBackend.postgresURL != nil else { return }
        try await withBackup { out, target in
            // setup
            let url = try #require(target.config.databaseURL)
            let app = try await Application.make(.testing)
            let id = DatabaseID(string: "someone-elses")
            app.databases.use(try .postgres(url: url), as: id, isDefault: false)
            try await (app.db(id) as! any SQLDatabase).raw("CREATE TABLE invented_notes (id int)").run()
            try await app.asyncShutdown()
            // MUT
            await #expect(throws: BackupRefusal.self) { _ = try await target.restore(out) }
            // validate: still only that table, no data folder.
            #expect(try await BackupFixture.tableCount(target) == 1)
            #expect(!FileManager.default.fileExists(atPath: target.config.dataDirectory.path))
        }
    }

    @Test func aManifestPathOutsideTheBackupFoldersIsRefused() async throws {
        try await withBackup { out, target in
            // setup: a hostile manifest naming a file in a parent folder.
            let manifest = out.appendingPathComponent(BackupManifest.fileName)
            let text = try String(contentsOf: manifest, encoding: .utf8)
            let first = try #require(try BackupFixture.entries(out).first { $0.path.hasPrefix("keys/") })
            try text.replacingOccurrences(of: "\"path\":\"\(first.path)\"", with: "\"path\":\"keys/../../escaped\"")
                .write(to: manifest, atomically: true, encoding: .utf8)
            // MUT and validate
            await #expect(throws: BackupRefusal.self) { _ = try await target.restore(out) }
            try await expectNothingWritten(target)
            #expect(throws: BackupRefusal.self) { try BackupPath.check("/etc/passwd") }
            #expect(throws: BackupRefusal.self) { try BackupPath.check("blobs/sha256/../../x") }
            #expect(throws: BackupRefusal.self) { try BackupPath.check("kaiguul.sqlite") }
            try BackupPath.check("blobs/sha256/ab/cd/abcd")
        }
    }

    @Test func migrationsThisReleaseDoesNotKnowAreRefused() async throws {
        try await withBackup { out, target in
            let manifest = out.appendingPathComponent(BackupManifest.fileName)
            let text = try String(contentsOf: manifest, encoding: .utf8)
            try text.replacingOccurrences(of: "\"migrations\":[", with: "\"migrations\":[\"App.FromAFutureRelease\",")
                .write(to: manifest, atomically: true, encoding: .utf8)
            await #expect(throws: BackupRefusal.self) { _ = try await target.restore(out) }
            try await expectNothingWritten(target)
        }
    }

    @Test func aBackupOfTheOtherDatabaseKindIsRefused() async throws {
        try await withBackup { out, target in
            var other = target
            other.config.databaseURL = target.config.databaseURL == nil ? "postgres://nobody@127.0.0.1:1/none" : nil
            await #expect(throws: BackupRefusal.self) { _ = try await other.restore(out) }
            #expect(!FileManager.default.fileExists(atPath: target.config.dataDirectory.path))
        }
    }

    @Test func backupRefusesAFolderThatIsNotEmpty() async throws {
        try await withApp { app in
            let out = try BackupFixture.backup(app)
            defer { try? FileManager.default.removeItem(at: out) }
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try Data("an earlier backup".utf8).write(to: out.appendingPathComponent("manifest.json"))
            await #expect(throws: BackupRefusal.self) { _ = try await BackupWriter(app: app, out: out, log: { _ in }).run() }
            #expect(try Data(contentsOf: out.appendingPathComponent("manifest.json")) == Data("an earlier backup".utf8))
        }
    }
}
