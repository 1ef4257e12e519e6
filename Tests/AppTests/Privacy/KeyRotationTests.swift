import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// `kaiguul keys rotate-data-key`: every record opens afterwards, in this process and in one loaded
/// before the rotation; a record a stale process wraps with the old key still opens and is re-wrapped
/// by the next run; the old key moves to `retired/` only once no row uses it; one audit row with
/// counts; a folder that cannot be written is refused with nothing changed.
@Suite("Personal data key rotation") struct KeyRotationTests {
    static func uses(_ app: Application) async throws -> [String: Int] {
        try await PersonalDataSealer.keysInUse(on: app.db)
    }

    @Test func recordsOpenAfterRotationHereAndInAnInstanceLoadedBefore() async throws {
        try await withApp { app in
            // setup: a volunteer, a tip, and a second instance (another serve) with the keys as they are.
            let id = try await AtRest.volunteer(app)
            _ = try await AtRest.tip(app)
            let second = try await Application.make(.testing)
            second.logger.logLevel = .warning
            do {
                try await configure(second, config: app.kaiguul)
                // A process that has not re-read the folder yet, however slow the machine is today:
                // it trusts its current key for an hour instead of `rescanInterval`.
                second.storage[PersonalDataKeyringKey.self] = try PersonalDataKeyring(
                    directory: app.personalData.directory, create: false, rescanAfter: 3600)
                try await Self.rotateWithTwoInstances(app, second, id: id)
            } catch {
                try? await second.asyncShutdown()
                throw error
            }
            try await second.asyncShutdown()
        }
    }

    static func rotateWithTwoInstances(_ app: Application, _ second: Application, id: Int) async throws {
        let oldKey = app.personalData.currentID
        #expect(second.personalData.currentID == oldKey)
        #expect(try await Self.uses(app) == [oldKey: 2])

        // MUT
        let first = try await PersonalDataKeyRotation.rotate(app: app, now: Date().addingTimeInterval(5), settle: 0)

        // validate: the new key wraps every record; the old one is retired, not deleted.
        #expect(first.newKey != oldKey && app.personalData.currentID == first.newKey)
        #expect(first.rewrapped == .init(sealedVolunteers: 0, sealedTips: 0, rewrappedVolunteers: 1, rewrappedTips: 1))
        #expect(first.retired == [oldKey] && first.stillInUse.isEmpty)
        #expect(try await Self.uses(app) == [first.newKey: 2])
        let folder = app.personalData.directory
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("retired/data-\(oldKey).key").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("data-\(oldKey).key").path))
        // This process opens everything.
        #expect(try await Volunteer.find(id, on: app.db)?.person(app.personalData)
            == VolunteerPerson(name: AtRest.name, contact: AtRest.contact))
        #expect(try await Tip.query(on: app.db).first()?.openContact(app.personalData) == AtRest.tipContact)

        // The stale instance has not re-read the folder: it still wraps new records with the old key…
        let late = try await AtRest.volunteer(second, name: AtRest.secondName, contact: AtRest.secondContact)
        #expect(RecordKey.keyID(of: try #require(try await Volunteer.find(late, on: app.db)?.dataKey)) == oldKey)
        // …which this process opens from retired/, and it opens the re-wrapped ones (key found on disk).
        #expect(try await Volunteer.find(late, on: app.db)?.person(app.personalData)?.name == AtRest.secondName)
        #expect(try await Volunteer.find(id, on: second.db)?.person(second.personalData)?.contact == AtRest.contact)
        #expect(try await Tip.query(on: second.db).first()?.openContact(second.personalData) == AtRest.tipContact)

        // MUT: the next rotation re-wraps the stale record too.
        let next = try await PersonalDataKeyRotation.rotate(app: app, now: Date().addingTimeInterval(10), settle: 0)
        #expect(next.rewrapped.rewrappedVolunteers == 2 && next.rewrapped.rewrappedTips == 1)
        #expect(next.retired == [first.newKey])
        #expect(try await Self.uses(app) == [next.newKey: 3])
        for instance in [app, second] {
            #expect(try await Volunteer.find(late, on: instance.db)?.person(instance.personalData)?.contact
                == AtRest.secondContact)
            #expect(try await Volunteer.find(id, on: instance.db)?.person(instance.personalData)?.name == AtRest.name)
        }

        // One audit row per run, counts only.
        let rows = try await AuditEntry.query(on: app.db).filter(\.$action == "keys.rotate_data_key")
            .sort(\.$id).all()
        #expect(rows.count == 2)
        let details = try JSONDecoder().decode([String: String].self, from: Data(try #require(rows.first).details.utf8))
        #expect(details["rewrapped_volunteers"] == "1" && details["rewrapped_tips"] == "1")
        #expect(details["retired_keys"] == "1" && details["new"] == first.newKey)
        #expect(rows.allSatisfy { row in AtRest.found(AtRest.plainNeedles, in: Data(row.details.utf8)).isEmpty })
    }

    @Test func rotationSealsPlainRowsLeftByABulkLoad() async throws {
        try await withApp { app in
            // setup: a row as a loader writes it, without a data key.
            let plain = Volunteer()
            plain.name = AtRest.name
            plain.contact = AtRest.contact
            plain.district = "Invented district"
            plain.ageBand = AgeBand.young.rawValue
            try await plain.create(on: app.db)
            // MUT
            let result = try await PersonalDataKeyRotation.rotate(app: app, now: Date().addingTimeInterval(5), settle: 0)
            // validate
            #expect(result.sealed.sealedVolunteers == 1 && result.rewrapped.rewrappedVolunteers == 0)
            let row = try #require(try await Volunteer.find(plain.id, on: app.db))
            #expect(row.name.hasPrefix("v1:") && RecordKey.keyID(of: row.dataKey ?? "") == result.newKey)
            #expect(try row.person(app.personalData) == VolunteerPerson(name: AtRest.name, contact: AtRest.contact))
            #expect(row.contactHash == ContactHash.hash("+996555817263", app.personalData))
        }
    }

    @Test func keyFilesAre0600AndTheirFolders0700() async throws {
        try await withApp { app in
            _ = try await AtRest.volunteer(app)
            _ = try await PersonalDataKeyRotation.rotate(app: app, now: Date().addingTimeInterval(5), settle: 0)
            let folder = app.personalData.directory
            let retired = folder.appendingPathComponent(PersonalDataKeyring.retiredFolder)
            #expect(try AtRest.mode(folder) == 0o700)
            #expect(try AtRest.mode(retired) == 0o700)
            var files = 0
            for sub in [folder, retired] {
                for name in try FileManager.default.contentsOfDirectory(atPath: sub.path) where name.hasSuffix(".key") {
                    #expect(try AtRest.mode(sub.appendingPathComponent(name)) == 0o600, "\(name)")
                    files += 1
                }
            }
            #expect(files == 3) // search.key, the current key, the retired one
        }
    }

    @Test func aKeyFolderThatCannotBeWrittenIsRefusedWithNothingChanged() async throws {
        try await withApp { app in
            // setup: the operator's folder (KAIGUUL_PERSONAL_KEY_DIR), made read-only by its owner.
            let folder = AtRest.temporaryFolder("operator-keys")
            _ = try PersonalDataKeyring(directory: folder, create: true)
            defer {
                _ = chmod(folder.path, 0o700)
                try? FileManager.default.removeItem(at: folder)
            }
            try app.loadPersonalDataKeys(env: ["KAIGUUL_PERSONAL_KEY_DIR": folder.path])
            _ = try await AtRest.volunteer(app)
            #expect(chmod(folder.path, 0o500) == 0)
            let before = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            // MUT
            await #expect(throws: PersonalDataKeyRotation.Refusal.folderNotWritable(folder.path)) {
                _ = try await PersonalDataKeyRotation.rotate(app: app, settle: 0)
            }
            // validate
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == before)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "keys.rotate_data_key").count() == 0)
            #expect(try await Self.uses(app).keys.sorted() == [app.personalData.currentID])
        }
    }

    /// The command itself: counts on stdout in the chosen language, the old key retired.
    @Test func theCommandPrintsItsCountsOnStandardOutput() async throws {
        let dir = try ShippedBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["KAIGUUL_DATA_DIR": dir.path]
        let migrated = try await ShippedBinary.run(["migrate"], environment: env)
        #expect(migrated.exited && migrated.status == 0, "\(migrated.stderr.suffix(400))")
        let run = try await ShippedBinary.run(["keys", "rotate-data-key", "--lang", "en"], environment: env)
        #expect(run.exited && run.status == 0, "\(run.stderr.suffix(400))")
        #expect(run.stdout.hasPrefix("New personal data key: "), "\(run.stdout.prefix(300))")
        #expect(run.stdout.contains("Old keys retired: 1"), "\(run.stdout.prefix(300))")
        let retired = dir.appendingPathComponent("keys/personal/retired")
        #expect(try FileManager.default.contentsOfDirectory(atPath: retired.path).count == 1)
    }
}
