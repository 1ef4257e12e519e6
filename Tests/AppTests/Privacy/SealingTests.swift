import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Sealed fields in the database: a ciphertext altered, or moved to another column or another row,
/// does not open; rows written by release 17 in plain text are sealed by the upgrade's migration,
/// and no plain copy stays behind in the SQLite file or its log (or in a dump).
@Suite("Sealing in the database") struct SealingTests {
    @Test func aTamperedOrMovedCiphertextDoesNotOpen() async throws {
        try await withApp { app in
            // setup
            let a = try await AtRest.volunteer(app)
            let b = try await AtRest.volunteer(app, name: AtRest.secondName, contact: AtRest.secondContact)
            _ = try await AtRest.tip(app)
            let keyring = app.personalData
            let rowA = try #require(try await Volunteer.find(a, on: app.db))
            let rowB = try #require(try await Volunteer.find(b, on: app.db))
            let tip = try #require(try await Tip.query(on: app.db).first())
            #expect(try rowA.person(keyring)?.name == AtRest.name)
            let original = (name: rowA.name, contact: rowA.contact)
            /// Writes `name`/`contact` into row a as stored values, reads the row back and tries to open it.
            func opens(name: String, contact: String) async throws -> Bool {
                let row = try #require(try await Volunteer.find(a, on: app.db))
                row.name = name
                row.contact = contact
                try await row.update(on: app.db)
                let read = try #require(try await Volunteer.find(a, on: app.db))
                do {
                    _ = try read.person(keyring)
                    return true
                } catch is PersonalDataError {
                    return false
                }
            }
            // MUT and validate: one byte of the ciphertext changed.
            var bytes = Array(try #require(Data(base64Encoded: String(original.name.dropFirst(3)))))
            bytes[bytes.count - 20] ^= 0x01
            #expect(try await !opens(name: "v1:" + Data(bytes).base64EncodedString(), contact: original.contact))
            // The record's own contact in its name column.
            #expect(try await !opens(name: original.contact, contact: original.contact))
            // Another record's name, sealed with that record's key.
            #expect(try await !opens(name: rowB.name, contact: original.contact))
            // A tip's contact in the volunteer's contact column.
            #expect(try await !opens(name: original.name, contact: try #require(tip.contact)))
            // A plain value written behind the sealer's back is not taken for a sealed one.
            #expect(try await !opens(name: AtRest.name, contact: original.contact))
            // And the control: put back, it opens.
            #expect(try await opens(name: original.name, contact: original.contact))
            // The tip's own contact with the volunteer's key (another record's wrapped key).
            let moved = try #require(try await Tip.query(on: app.db).first())
            moved.dataKey = rowA.dataKey
            try await moved.update(on: app.db)
            #expect(throws: PersonalDataError.self) {
                _ = try moved.openContact(keyring)
            }
        }
    }

    @Test func release17PlainRowsAreSealedByTheUpgradeAndLeaveNoPlainCopy() async throws {
        let dir = AtRest.temporaryFolder("upgrade")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try await MigrationUpgradeTests.withDatabase(directory: dir) { target in
            // setup: release 17's database, with people's data as that release wrote it.
            try await MigrationUpgradeTests.loadPreviousRelease(into: target)
            try await Self.insertPlainRows(target)
            if target.postgresURL == nil {
                let file = dir.appendingPathComponent("kaiguul.sqlite")
                #expect(try AtRest.hits([AtRest.contact, AtRest.tipContact], in: [file]).count == 2,
                        "the plain rows are not where the test looks")
            }
            // MUT: this release starts on it and migrates.
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            do {
                try await configure(app, config: MigrationUpgradeTests.config(target))
                try await app.autoMigrate()
                try await Self.checkSealed(app)
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    static func insertPlainRows(_ target: MigrationUpgradeTests.Target) async throws {
        let app = try await Application.make(.testing)
        do {
            if let url = target.postgresURL {
                try app.databases.use(.postgres(url: url), as: .psql)
            } else {
                app.databases.use(.sqlite(.file(target.directory.appendingPathComponent("kaiguul.sqlite").path)), as: .sqlite)
            }
            guard let sql = app.db as? any SQLDatabase else { throw TestFailure("not SQL") }
            for (name, contact) in [(AtRest.name, AtRest.contact), (AtRest.secondName, AtRest.secondContact)] {
                try await sql.raw("""
                    INSERT INTO volunteers (name, district, age_band, contact)
                    VALUES (\(bind: name), 'Invented district', '18-24', \(bind: contact))
                    """).run()
            }
            try await sql.raw("""
                INSERT INTO tips (urls, comment, contact, status, reference)
                VALUES ('[]', 'An invented tip.', \(bind: AtRest.tipContact), 'received', 'R17TEST01')
                """).run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func checkSealed(_ app: Application) async throws {
        let keyring = app.personalData
        let volunteers = try await Volunteer.query(on: app.db).sort(\.$id).all()
        #expect(volunteers.count == 2)
        #expect(volunteers.allSatisfy { $0.dataKey != nil && $0.name.hasPrefix("v1:") && $0.contact.hasPrefix("v1:") })
        #expect(try volunteers.map { try $0.person(keyring) } == [
            VolunteerPerson(name: AtRest.name, contact: AtRest.contact),
            VolunteerPerson(name: AtRest.secondName, contact: AtRest.secondContact),
        ])
        #expect(volunteers.first?.contactHash == ContactHash.hash(AtRest.contact, keyring))
        let tip = try #require(try await Tip.query(on: app.db).first())
        #expect(tip.dataKey != nil && tip.contact?.hasPrefix("v1:") == true)
        #expect(try tip.openContact(keyring) == AtRest.tipContact)
        // No plain copy: the file and its log after the migration's own checkpoint, or a dump.
        #expect(try await AtRest.databaseHits(AtRest.plainNeedles, app) == [])
    }
}
