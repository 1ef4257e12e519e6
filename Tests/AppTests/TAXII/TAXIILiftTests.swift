import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// The publisher behind the server: a court-ordered block leaves as an indicator, and after the
/// block is lifted the next read carries a new, revoked version of it.
@Suite("TAXII 2.1 reversal") struct TAXIILiftTests {
    @Test func aLiftedBlockIsRevokedInTheNextRead() async throws {
        try await withApp { app in
            // An hour between scheduled runs: the lift must be published because the records changed.
            await app.exchangeFreshness.configure(interval: 3600, publish: .some(ExchangeFreshness.publisher))
            let caseID = try await CaseFixtures.block(target: "kara-tuman-fictional.example", app: app)
            let partner = try await TAXIIFixture.partner("Fictional Prosecutor's Office", app)
            let token = try await TAXIIFixture.account("partner-p", partner, app)
            let rule = try await TAXIIFixture.rule(partner, .case, caseID, .amberStrict, app)
            let client = TAXIITestClient(app: app, token: token)
            let path = "/taxii2/kaiguul/collections/\(rule.collectionID)/objects/?match[type]=indicator"
            let before = try await client.get(path)
            #expect(before.status == .ok)
            let indicator = try #require(before.objects.first {
                ($0["pattern"] as? String)?.contains("kara-tuman-fictional.example") == true
            })
            let id = try #require(indicator["id"] as? String)
            #expect(indicator["revoked"] as? Bool != true)
            #expect((indicator["object_marking_refs"] as? [String])?.first
                    == "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003")
            let last = try #require(before.headers.first(name: "X-TAXII-Date-Added-Last"))

            try await Task.sleep(for: .milliseconds(5))
            _ = try await CaseFixtures.lift(target: "kara-tuman-fictional.example", app: app)

            let after = try await client.get(path + "&added_after=\(last)")
            let revoked = try #require(after.objects.first { $0["id"] as? String == id })
            #expect(revoked["revoked"] as? Bool == true)
            let versions = try await client.get("/taxii2/kaiguul/collections/\(rule.collectionID)/objects/\(id)/versions/")
            #expect((versions.json["versions"] as? [String])?.count == 2)
        }
    }
}
