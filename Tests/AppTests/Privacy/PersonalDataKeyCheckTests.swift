import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// A data folder whose personal data keys were not brought back (a restore without them) is named at
/// `serve` start: the keys records need and how many records need each.
@Suite("Missing personal data keys") struct PersonalDataKeyCheckTests {
    @Test func keysRecordsNeedButTheFolderLacksAreNamed() async throws {
        try await withApp { app in
            #expect(try await PersonalDataKeyCheck.missingKeys(app).isEmpty)
            _ = try await AtRest.volunteer(app)
            _ = try await AtRest.tip(app)
            let used = app.personalData.currentID
            #expect(try await PersonalDataKeyCheck.missingKeys(app).isEmpty)
            // The folder as a restore without the keys leaves it: fresh keys, none of the old ones.
            let fresh = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-fresh-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: fresh) }
            app.storage[PersonalDataKeyringKey.self] = try PersonalDataKeyring(directory: fresh, create: true)
            #expect(try await PersonalDataKeyCheck.missingKeys(app) == [used: 2])
        }
    }
}
