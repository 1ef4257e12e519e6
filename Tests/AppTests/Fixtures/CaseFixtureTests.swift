import Fluent
import Foundation
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The people the case fixtures invent to walk a case through the workflow are not accounts anyone
/// can sign in with afterwards.
@Suite("Case fixtures") struct CaseFixtureTests {
    @Test func theInventedPeopleEndDisabled() async throws {
        try await withApp { app in
            // MUT
            _ = try await CaseFixtures.block(target: "fixture-people.example", app: app)
            _ = try await CaseFixtures.lift(target: "fixture-people.example", app: app)
            // validate
            let invented = try await User.query(on: app.db).all().filter { $0.username.hasPrefix("fixture") }
            #expect(!invented.isEmpty)
            let enabled = invented.filter { !$0.disabled }.map(\.username)
            #expect(enabled.isEmpty, "enabled: \(enabled)")
        }
    }
}
