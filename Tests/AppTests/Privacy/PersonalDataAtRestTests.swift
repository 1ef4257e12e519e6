import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// What a thief holding a copy of the disk finds: no volunteer's name or contact, and no tip sender's
/// contact, in any byte of the SQLite file, its write-ahead log, a backup folder or a `pg_dump`: not
/// after the first write, not after an update, and after an erasure not even the old ciphertext, its
/// wrapped data key or its search hash. A plain field (the district) carries a marker of its own
/// that must be found in the same bytes: the search would see a name if one were there.
@Suite("Personal data at rest") struct PersonalDataAtRestTests {
    static let districtMarker = "ZQXDISTRICT5"

    @Test func aKnownNameAndContactAreInNoByteOfTheDatabaseItsLogABackupOrADump() async throws {
        try await withApp { app in
            // setup: a volunteer, a tip with a contact, then the volunteer's record updated.
            let id = try await AtRest.volunteer(app, district: Self.districtMarker)
            _ = try await AtRest.tip(app)
            let second = try await AtRest.volunteer(app, name: AtRest.secondName, contact: AtRest.secondContact,
                                                    district: Self.districtMarker)
            // validate: fresh writes, log not yet checkpointed (SQLite), as the log is.
            #expect(try await AtRest.databaseHits(AtRest.plainNeedles, app).isEmpty)
            #expect(try await !AtRest.databaseHits([Self.districtMarker], app).isEmpty, "the control marker is not found")
            // MUT: an update with new values, the old ones replaced.
            try await VolunteerStore.updateVolunteer(id, name: AtRest.name + " Updated", regionID: nil,
                                                     district: Self.districtMarker, ageBand: .adult,
                                                     contact: AtRest.contact + "9", actor: .commandLine, app: app)
            // validate
            #expect(try await AtRest.databaseHits(AtRest.plainNeedles, app) == [])
            await SQLiteShredding.checkpoint(on: app.db)
            #expect(try await AtRest.databaseHits(AtRest.plainNeedles, app) == [])
            // The values are there, sealed: the test does not pass on an empty table.
            let opened = try #require(try await Volunteer.find(id, on: app.db)?.person(app.personalData))
            #expect(opened == VolunteerPerson(name: AtRest.name + " Updated", contact: AtRest.contact + "9"))
            #expect(try await Volunteer.find(second, on: app.db)?.person(app.personalData)?.contact == AtRest.secondContact)
            let tip = try #require(try await Tip.query(on: app.db).first())
            #expect(try tip.openContact(app.personalData) == AtRest.tipContact)

            // MUT: a backup.
            let out = AtRest.temporaryFolder("backup")
            defer { try? FileManager.default.removeItem(at: out) }
            _ = try await BackupWriter(app: app, out: out, log: { _ in }).run()
            // validate: every file of it, and on PostgreSQL the dump read back as SQL.
            #expect(try await AtRest.backupHits(AtRest.plainNeedles, out, app) == [])
            #expect(try await !AtRest.backupHits([Self.districtMarker], out, app).isEmpty, "the control marker is not found")
        }
    }

    @Test func afterAnErasureNeitherTheCiphertextNorItsKeyNorItsHashRemain() async throws {
        try await withApp { app in
            // setup
            let id = try await AtRest.volunteer(app, district: Self.districtMarker)
            let kept = try await AtRest.volunteer(app, name: AtRest.secondName, contact: AtRest.secondContact,
                                                  district: Self.districtMarker)
            let row = try #require(try await Volunteer.find(id, on: app.db))
            let wrapped = try #require(row.dataKey)
            // The base64 parts: what would let anyone holding a key folder open the old values.
            let needles = [String(row.name.dropFirst(3)), String(row.contact.dropFirst(3)),
                           String(wrapped.split(separator: ":")[1]), try #require(row.contactHash)]
            await SQLiteShredding.checkpoint(on: app.db)
            #expect(try await AtRest.databaseHits(needles, app).count == needles.count, "the sealed values are not where the test looks")
            // MUT: erased, with its audit row, in one transaction; the log checkpointed after.
            try await app.write { db in
                _ = try await PersonalDataEraser.eraseVolunteer(id, on: db)
                try await AuditLog.append(on: db, actor: .commandLine, action: "personal_data.erase",
                                          objectType: "volunteer", objectID: String(id), details: [:])
            }
            await SQLiteShredding.checkpoint(on: app.db)
            // validate
            #expect(try await AtRest.databaseHits(needles, app) == [])
            let erased = try #require(try await Volunteer.find(id, on: app.db))
            #expect(erased.erasedAt != nil && erased.dataKey == nil && erased.name.isEmpty && erased.contact.isEmpty)
            // The other volunteer's sealed values are still there and open.
            #expect(try await Volunteer.find(kept, on: app.db)?.person(app.personalData)?.name == AtRest.secondName)
            let out = AtRest.temporaryFolder("backup")
            defer { try? FileManager.default.removeItem(at: out) }
            _ = try await BackupWriter(app: app, out: out, log: { _ in }).run()
            #expect(try await AtRest.backupHits(needles + AtRest.plainNeedles, out, app) == [])
        }
    }

    /// The connection that erases zeroes what it frees: `secure_delete` reads 1 inside the eraser's
    /// transaction. (The SQLite that sqlite-nio bundles is compiled with SQLITE_SECURE_DELETE, so it
    /// is on by default too; the pragma keeps it so should that change.)
    @Test func theErasingConnectionZeroesWhatItFrees() async throws {
        try await withApp { app in
            guard app.usesSQLite else { return }
            let on = try await app.db.transaction { tx -> Int in
                try await SQLiteShredding.zeroFreedSpace(on: tx)
                guard let tx = tx as? any SQLDatabase else { return -1 }
                return try await tx.raw("PRAGMA secure_delete").first()?.decode(column: "secure_delete", as: Int.self) ?? -1
            }
            #expect(on == 1)
        }
    }
}

/// Byte-level looks at what Kaiguul leaves on disk, shared by the Privacy suites.
enum AtRest {
    /// Invented people; the markers make a stray copy unmistakable.
    static let name = "Айзада Марказбекова ZQXNAME7"
    static let contact = "+996 555 81-72-63"
    static let contactDigits = "555817263"
    static let secondName = "Бекжан Жаңыбаев ZQXNAME8"
    static let secondContact = "@zqx_second_contact"
    static let tipContact = "@zqx_tip_sender_contact"

    /// Every needle a test looks for, as the UTF-8 bytes a file would hold.
    static var plainNeedles: [String] {
        [name, "ZQXNAME7", contact, contactDigits, secondName, "ZQXNAME8", secondContact, "zqx_second", tipContact,
         "zqx_tip_sender"]
    }

    /// Which of `needles` occur anywhere in `data`.
    static func found(_ needles: [String], in data: Data) -> [String] {
        needles.filter { data.range(of: Data($0.utf8)) != nil }
    }

    /// The live SQLite file and its write-ahead log (and shared-memory index), read as they are now.
    static func sqliteFiles(_ app: Application) -> [URL] {
        let path = app.kaiguul.sqlitePath.path
        return [path, path + "-wal", path + "-shm"].map(URL.init(fileURLWithPath:))
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Every regular file under a folder (a backup), recursively.
    static func files(under folder: URL) throws -> [URL] {
        var found: [URL] = []
        try BackupFileIO.forEachFile(under: folder) { found.append(folder.appendingPathComponent($0)) }
        return found
    }

    /// (file, needle) for each needle found in each file.
    static func hits(_ needles: [String], in files: [URL]) throws -> [String] {
        try files.flatMap { file in found(needles, in: try Data(contentsOf: file)).map { "\(file.lastPathComponent): \($0)" } }
    }

    /// The newest PostgreSQL client tools: the throwaway server of `scripts/with-postgres.sh` is
    /// the newest installed, and `pg_dump` refuses a server newer than itself.
    static func pgTool(_ name: String) throws -> URL {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? [])
            .compactMap(Int.init).sorted()
        if let newest = versions.last {
            let tool = root.appendingPathComponent("\(newest)/bin/\(name)")
            if FileManager.default.isExecutableFile(atPath: tool.path) { return tool }
        }
        return try PostgresTools.executable(name, variable: "KAIGUUL_TEST_\(name.uppercased())")
    }

    /// A plain-text `pg_dump` of the app's database (every live row as COPY text).
    static func pgDump(_ app: Application) async throws -> Data {
        let url = try #require(app.kaiguul.databaseURL)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-dump-\(UUID().uuidString).sql")
        defer { try? FileManager.default.removeItem(at: out) }
        try await PostgresTools.run(try pgTool("pg_dump"), ["--format=plain", "--no-password", "--file=\(out.path)"],
                                    databaseURL: url)
        return try Data(contentsOf: out)
    }

    /// A backup's custom-format dump is compressed: `pg_restore` turns it back into the SQL text it
    /// would run, which is what a thief holding the backup could read.
    static func pgRestoreText(_ dump: URL, databaseURL: String) async throws -> Data {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-restored-\(UUID().uuidString).sql")
        defer { try? FileManager.default.removeItem(at: out) }
        try await PostgresTools.run(try pgTool("pg_restore"), ["--file=\(out.path)", dump.path], databaseURL: databaseURL)
        return try Data(contentsOf: out)
    }

    /// What a copy of the database holds, whichever the kind: the SQLite file, log and index as they
    /// are, or a plain `pg_dump`.
    static func databaseHits(_ needles: [String], _ app: Application) async throws -> [String] {
        if app.usesSQLite { return try hits(needles, in: sqliteFiles(app)) }
        return found(needles, in: try await pgDump(app)).map { "pg_dump: \($0)" }
    }

    /// What a backup folder holds: every file as it is, and on PostgreSQL the dump as SQL text.
    static func backupHits(_ needles: [String], _ folder: URL, _ app: Application) async throws -> [String] {
        var hits = try hits(needles, in: try files(under: folder))
        if let url = app.kaiguul.databaseURL {
            let text = try await pgRestoreText(folder.appendingPathComponent("database/kaiguul.pgdump"), databaseURL: url)
            #expect(text.count > 10_000, "pg_restore gave back too little to be the database")
            hits += found(needles, in: text).map { "backup dump as SQL: \($0)" }
        }
        return hits
    }

    static func volunteer(_ app: Application, name: String = AtRest.name, contact: String = AtRest.contact,
                          district: String = "Invented district") async throws -> Int {
        try await ProgrammeStore.createVolunteer(name: name, regionID: nil, district: district,
                                                 ageBand: .young, contact: contact, userID: nil, actor: .commandLine,
                                                 app: app)
    }

    static func tip(_ app: Application, contact: String = AtRest.tipContact) async throws -> Int {
        try await TipStore.file(TipInput(urls: ["https://invented-channel.example/post/1"], platform: nil,
                                         comment: "An invented post.", contact: contact),
                                submittedBy: nil, app: app).id
    }

    static func temporaryFolder(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-\(label)-\(UUID().uuidString)")
    }

    static func mode(_ url: URL) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }
}
