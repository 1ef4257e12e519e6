import Fluent
import Foundation
import MediaMatch
import Testing
import Vapor

@testable import App

@Suite("Bank of banned media") struct MediaBankTests {
    static let fixtures = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/fixtures/pdq").standardizedFileURL

    @Test func importedHashesMatchARotatedCopyAndImportIsAllOrNothing() async throws {
        try await withApp { app in
            // setup: the reference hash of the original bridge photo, as a banned image
            let original = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
            let list = try MediaBank.parseHexLines("\(original) 100 bridge (fictional banned poster)\n", kind: .pdq)
            // MUT
            let report = try await MediaBankStore.importFingerprints(list, materialID: nil, title: "Demo list", dryRun: false,
                                                                     actor: .commandLine, app: app)
            #expect(report.count == 1)
            let bank = try await MediaBankStore.load(on: app.db)
            #expect(bank.entries.count == 1)
            // validate: the rotated copy matches through the dihedral hashes
            let rotated = Self.fixtures.appendingPathComponent("images/bridge-2-rotate-90.jpg")
            let output = MediaCommand.match(file: rotated, matcher: MediaMatcher(bank: bank))
            #expect(output.standardOutput.contains("match pdq"))
            #expect(output.standardOutput.contains("bridge (fictional banned poster)"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "media_bank.import").count() == 1)

            // A list with one bad line is refused whole, before anything is stored.
            #expect(throws: BankError.self) {
                _ = try MediaBank.parseHexLines("\(original)\nnot-a-hash\n", kind: .pdq)
            }
            // An import the store refuses (no such material) writes nothing either.
            let materials = try await BannedMaterial.query(on: app.db).count()
            await #expect(throws: AppError.self) {
                _ = try await MediaBankStore.importFingerprints(list + list, materialID: 999_999, title: "x", dryRun: false,
                                                                actor: .commandLine, app: app)
            }
            #expect(try await MaterialFingerprint.query(on: app.db).count() == 1)
            #expect(try await BannedMaterial.query(on: app.db).count() == materials)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "media_bank.import").count() == 1)
        }
    }
}
