import Fluent
import Foundation
import Testing

@testable import App

/// A hash held by the flood quarantine is put before an analyst on their home page until it is released.
@Suite("Home: held hashes") struct HeldHashWorklistTests {
    @Test func anAnalystIsToldOfAHeldHashUntilItIsReleased() async throws {
        try await withApp { app in
            try await app.makeUser("ana", role: .analyst)
            try await app.makeUser("coord", role: .coordinator)
            let hold = HashHold()
            hold.kind = "pdq"
            hold.value = String(repeating: "c3", count: 32)
            hold.matches = 250
            hold.heldAt = Date()
            try await hold.create(on: app.db)
            let analyst = Browser(app)
            try await analyst.login("ana")
            let held = try await analyst.get("/").body
            let entries = try #require(HomeWorklistTests.items("held-hashes", in: held))
            #expect(entries.count == 1 && entries[0].contains(hold.value) && entries[0].contains("250"))

            // A coordinator may not see the banks: no such list on their home.
            let coordinator = Browser(app)
            try await coordinator.login("coord")
            #expect(HomeWorklistTests.items("held-hashes", in: try await coordinator.get("/").body) == nil)

            hold.releasedAt = Date()
            try await hold.update(on: app.db)
            #expect(HomeWorklistTests.items("held-hashes", in: try await analyst.get("/").body)?.isEmpty == true)
        }
    }
}
