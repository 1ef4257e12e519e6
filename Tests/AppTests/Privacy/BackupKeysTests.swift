import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor

@testable import App

/// A backup leaves the personal data keys out unless asked (`--with-personal-keys`), and says so
/// on stderr with the folder where they must be kept; `restore` names every key the restored rows
/// need that the key folder lacks, and restores anyway.
@Suite("Backups and the personal data keys") struct BackupKeysTests {
    final class Lines: Sendable {
        let box = NIOLockedValueBox<[String]>([])
        var all: [String] { box.withLockedValue { $0 } }
        func add(_ line: String) { box.withLockedValue { $0.append(line) } }
    }

    @Test func aBackupLeavesTheKeysOutAndRestoreNamesTheMissingOnes() async throws {
        try await withApp { app in
            // setup: two volunteers and a tip under the current key.
            _ = try await AtRest.volunteer(app)
            _ = try await AtRest.volunteer(app, name: AtRest.secondName, contact: AtRest.secondContact)
            _ = try await AtRest.tip(app)
            let key = app.personalData.currentID
            let out = AtRest.temporaryFolder("backup")
            defer { try? FileManager.default.removeItem(at: out) }
            let log = Lines()
            // MUT
            _ = try await BackupWriter(app: app, out: out, log: { log.add($0) }).run()
            // validate: no key file in the manifest or the folder; the signing keys are still there.
            let paths = try BackupFixture.entries(out).map(\.path)
            #expect(!paths.contains { $0.hasPrefix("keys/personal") }, "\(paths.filter { $0.hasPrefix("keys/") })")
            #expect(paths.contains("keys/\(KeyStore.auditFile)"))
            #expect(try AtRest.files(under: out).filter { $0.path.contains("/keys/personal") }.isEmpty)
            let said = log.all.filter { $0.contains("personal data keys") }
            #expect(said.count == 1 && said[0].hasPrefix("not backed up") && said[0].contains(app.personalData.directory.path),
                    "\(log.all)")

            // MUT: restore it.
            let target = try await RestoreTarget.make()
            let restoreLog = Lines()
            let report = try await target.restore(out, log: { restoreLog.add($0) })
            // validate: the rows' key and the search key are named, with how many rows need them.
            #expect(report.missingPersonalKeys == [key: 3, PersonalDataKeyring.searchFile: 2])
            #expect(restoreLog.all.contains { $0.contains("data-\(key).key") && $0.contains("3 record") })
            #expect(report.migrations > 0)
            try await target.drop()
        }
    }

    @Test func withPersonalKeysTheBackupIsSelfContainedAndTheRestoredRecordsOpen() async throws {
        try await withApp { app in
            // setup: one key retired by a rotation, so that both folders are copied.
            let id = try await AtRest.volunteer(app)
            _ = try await PersonalDataKeyRotation.rotate(app: app, now: Date().addingTimeInterval(5), settle: 0)
            let out = AtRest.temporaryFolder("backup")
            defer { try? FileManager.default.removeItem(at: out) }
            let log = Lines()
            // MUT
            _ = try await BackupWriter(app: app, out: out, log: { log.add($0) }, withPersonalKeys: true).run()
            // validate
            let entries = try BackupFixture.entries(out)
            let keyEntries = entries.filter { $0.path.hasPrefix(BackupPath.personalKeysFolder + "/") }
            #expect(Set(keyEntries.map(\.path)) == [
                "keys/personal/search.key", "keys/personal/data-\(app.personalData.currentID).key",
                "keys/personal/retired/" + (try FileManager.default.contentsOfDirectory(
                    atPath: app.personalData.directory.appendingPathComponent("retired").path).first ?? "?"),
            ])
            #expect(keyEntries.allSatisfy { $0.mode == "0600" })
            #expect(log.all.contains { $0.hasPrefix("personal data keys included") })
            let target = try await RestoreTarget.make()
            let report = try await target.restore(out)
            #expect(report.missingPersonalKeys.isEmpty)
            let restoredKeys = target.config.dataDirectory.appendingPathComponent("keys/personal")
            #expect(try AtRest.mode(restoredKeys) == 0o700)
            #expect(try AtRest.mode(restoredKeys.appendingPathComponent("retired")) == 0o700)
            #expect(try AtRest.mode(restoredKeys.appendingPathComponent("search.key")) == 0o600)
            try await target.withRestoredApp { restored in
                let row = try #require(try await Volunteer.find(id, on: restored.db))
                #expect(try row.person(restored.personalData) == VolunteerPerson(name: AtRest.name, contact: AtRest.contact))
                #expect(row.contactHash == ContactHash.hash(AtRest.contact, restored.personalData))
            }
            try await target.drop()
        }
    }

    @Test func onlyKeyFilesOfTheFolderAreCopied() {
        #expect(BackupPath.isPersonalKeyFile("search.key"))
        #expect(BackupPath.isPersonalKeyFile("data-20261203T101010Zabcd.key"))
        #expect(BackupPath.isPersonalKeyFile("retired/data-20261203T101010Zabcd.key"))
        #expect(!BackupPath.isPersonalKeyFile("notes.txt"))
        #expect(!BackupPath.isPersonalKeyFile("retired/search.key"))
        #expect(!BackupPath.isPersonalKeyFile("other/data-20261203T101010Zabcd.key"))
    }
}
