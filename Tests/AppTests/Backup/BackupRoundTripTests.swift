import Evidence
import Fluent
import NIOConcurrencyHelpers
import Foundation
import Testing
import Vapor

@testable import App

/// `kaiguul backup` writes a manifest that says exactly what is in the folder, and `restore` brings
/// back a database and data folder that hold the same rows, keys, checkpoints and evidence.
@Suite("Backup and restore") struct BackupRoundTripTests {
    @Test func theManifestListsEveryFileWithItsSizeAndHash() async throws {
        try await withApp { app in
            // setup
            let (blob, warc) = try await BackupFixture.fill(app)
            let out = try BackupFixture.backup(app)
            defer { try? FileManager.default.removeItem(at: out) }
            // MUT
            let report = try await BackupWriter(app: app, out: out, log: { _ in }).run()
            // validate: the header.
            let manifestURL = out.appendingPathComponent(BackupManifest.fileName)
            let header = try BackupManifestReader(url: manifestURL).header()
            #expect(header.database == (app.usesSQLite ? "sqlite" : "postgresql"))
            #expect(header.kaiguulVersion == KaiguulVersion.string)
            #expect(header.migrations.count == BackupRestorer.knownMigrations.count)
            #expect(Set(header.migrations) == Set(BackupRestorer.knownMigrations))
            // The whole file is one JSON object for any reader.
            let whole = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any]
            #expect((whole?["files"] as? [Any])?.count == report.files)
            // Every entry is the file, hashed independently; every file in the folder is an entry.
            let entries = try BackupFixture.entries(out)
            for entry in entries {
                let bytes = try Data(contentsOf: out.appendingPathComponent(entry.path))
                #expect(UInt64(bytes.count) == entry.size, "\(entry.path)")
                #expect(sha256Hex(bytes) == entry.sha256, "\(entry.path)")
            }
            var onDisk: Set<String> = []
            try BackupFileIO.forEachFile(under: out) { onDisk.insert($0) }
            #expect(onDisk == Set(entries.map(\.path) + [BackupManifest.fileName]))
            let paths = Set(entries.map(\.path))
            #expect(paths.contains(header.databaseFile))
            #expect(paths.contains("blobs/sha256/\(blob.prefix(2))/\(blob.dropFirst(2).prefix(2))/\(blob)"))
            #expect(paths.contains("warc/\(warc)"))
            #expect(paths.contains("keys/\(KeyStore.auditFile)"))
            #expect(paths.contains("audit/checkpoints.jsonl"))
            // Private keys stay private in the copy.
            let keyEntry = try #require(entries.first { $0.path == "keys/\(KeyStore.auditFile)" })
            #expect(keyEntry.mode == "0600")
        }
    }

    @Test func aRestoredBackupHoldsTheSameDataAndItsAuditLogVerifies() async throws {
        try await withApp { app in
            // setup
            let (blob, warc) = try await BackupFixture.fill(app)
            let users = try await User.query(on: app.db).sort(\.$username).all().map(\.username)
            let auditRows = try await AuditEntry.query(on: app.db).count()
            let out = try BackupFixture.backup(app)
            defer { try? FileManager.default.removeItem(at: out) }
            _ = try await BackupWriter(app: app, out: out, log: { _ in }).run()
            let target = try await RestoreTarget.make()
            // MUT
            let report = try await target.restore(out)
            // validate
            #expect(report.migrations == BackupRestorer.knownMigrations.count)
            let data = target.config.dataDirectory
            let restoredWARC = try Data(contentsOf: data.appendingPathComponent("warc/\(warc)"))
            #expect(restoredWARC == (try Data(contentsOf: app.kaiguul.dataDirectory.appendingPathComponent("warc/\(warc)"))))
            #expect(try BlobStore(root: target.config.blobDirectory).read(blob, maxBytes: 1_000).count > 0)
            #expect(try Data(contentsOf: data.appendingPathComponent("keys/\(KeyStore.auditFile)"))
                == (try Data(contentsOf: app.kaiguul.dataDirectory.appendingPathComponent("keys/\(KeyStore.auditFile)"))))
            try await target.withRestoredApp { restored in
                #expect(try await User.query(on: restored.db).sort(\.$username).all().map(\.username) == users)
                #expect(try await AuditEntry.query(on: restored.db).count() == auditRows)
                let verification = try await AuditVerifier.verify(app: restored)
                #expect(verification.intact, "\(verification.findings)")
                #expect(verification.checkpointsChecked > 0)
            }
            try await target.drop()
        }
    }

    @Test func aWARCFileBeingWrittenIsCopiedUpToItsLastCompleteRecord() async throws {
        try await withApp { app in
            // setup: half of a record appended to a WARC file, as a worker writing at that moment leaves it.
            let (_, warc) = try await BackupFixture.fill(app)
            let file = app.kaiguul.dataDirectory.appendingPathComponent("warc/\(warc)")
            let complete = try Data(contentsOf: file)
            let handle = try FileHandle(forWritingTo: file)
            try handle.seekToEnd()
            try handle.write(contentsOf: complete.prefix(100))  // inside the first (warcinfo) member
            try handle.close()
            let out = try BackupFixture.backup(app)
            defer { try? FileManager.default.removeItem(at: out) }
            let said = NIOLockedValueBox<[String]>([])
            // MUT
            let report = try await BackupWriter(app: app, out: out, log: { line in said.withLockedValue { $0.append(line) } }).run()
            // validate: the copy is the complete records, byte for byte, and the cut is said.
            #expect(report.warcFilesCut == 1)
            #expect(try Data(contentsOf: out.appendingPathComponent("warc/\(warc)")) == complete)
            let entry = try #require(try BackupFixture.entries(out).first { $0.path == "warc/\(warc)" })
            #expect(entry.size == UInt64(complete.count))
            #expect(said.withLockedValue { $0 }.contains { $0.contains("copied the first \(complete.count) of") })
        }
    }
}
