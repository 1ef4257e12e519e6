import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// Pending erasures are found from the menu by whoever may confirm them, and by nobody else.
@Suite("Erasure requests in the menu") struct ErasureMenuTests {
    @Test func onlyThoseWhoConfirmErasuresSeeTheEntry() async throws {
        try await withApp { app in
            let roles: [(Role, Bool)] = [(.coordinator, true), (.admin, true), (.volunteer, false), (.auditor, false),
                                         (.analyst, false)]
            for (role, shown) in roles {
                try await app.makeUser("menu-\(role.rawValue)", role: role)
                let browser = Browser(app)
                try await browser.login("menu-\(role.rawValue)")
                let home = try await browser.get("/")
                #expect(home.body.contains("href=\"/erasure-requests\"") == shown, "\(role)")
            }
        }
    }
}
