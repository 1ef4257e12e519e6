import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

@Suite("Block list") struct BlocklistTests {
    @Test func listCarriesActiveOrdersOnlyInEveryFormat() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            _ = try await CaseFixtures.block(target: "kara-tuman.example", app: app)
            _ = try await CaseFixtures.block(target: "https://t.me/kara_tuman_demo", app: app)
            _ = try await CaseFixtures.block(target: "пример.кг", app: app)
            _ = try await CaseFixtures.block(target: "lifted.example", app: app)
            _ = try await CaseFixtures.lift(target: "lifted.example", app: app)
            // A case that went only as far as a court submission puts nothing on the list.
            let pending = try await team.open("pending.example")
            try await team.walk(pending, target: "pending.example", to: "submitted_to_court")

            let rpz = try await team.provider.send(.GET, "/blocklist?format=rpz")
            #expect(rpz.status == .ok)
            #expect(rpz.body.contains("kara-tuman.example CNAME ."))
            #expect(rpz.body.contains("*.kara-tuman.example CNAME ."))
            #expect(rpz.body.contains("xn--e1afmkfd.xn--"))
            #expect(!rpz.body.contains("пример"))
            #expect(!rpz.body.contains("lifted.example"))
            #expect(!rpz.body.contains("pending.example"))
            // An account on a shared platform never blocks the platform.
            #expect(!rpz.body.contains("t.me"))
            let hosts = try await team.provider.send(.GET, "/blocklist?format=hosts")
            #expect(hosts.body.contains("kara-tuman.example"))
            #expect(!hosts.body.contains("t.me"))
            let domains = try await team.provider.send(.GET, "/blocklist?format=domains")
            #expect(!domains.body.contains("t.me"))
            #expect(!domains.body.contains("lifted.example"))
            let csv = try await team.provider.send(.GET, "/blocklist?format=csv")
            #expect(csv.body.contains("https://t.me/kara_tuman_demo"))
            #expect(csv.body.contains("account"))
            #expect(!csv.body.contains("lifted.example"))
            let jsonList = try await team.provider.send(.GET, "/blocklist?format=json")
            #expect(jsonList.body.contains("https://t.me/kara_tuman_demo"))
            #expect(jsonList.body.contains("kara-tuman.example"))
            #expect(try await team.provider.send(.GET, "/blocklist?format=xml").status == .unprocessableEntity)
            // A provider can read the list and nothing else.
            #expect(try await team.provider.send(.GET, "/cases").status == .forbidden)
        }
    }

    @Test func etagGives304AndSerialGrowsOnEveryChange() async throws {
        try await withApp { app in
            let team = try await CaseTeam.make(app)
            _ = try await CaseFixtures.block(target: "first.example", app: app)
            let one = try await team.provider.send(.GET, "/blocklist?format=rpz")
            let etag = try #require(one.headers.first(name: .eTag))
            let serial1 = try #require(Int(one.headers.first(name: "X-Blocklist-Serial") ?? ""))
            let again = try await team.provider.sendRaw(.GET, "/blocklist?format=rpz",
                                                        headers: [("If-None-Match", etag)])
            #expect(again.status == .notModified)
            #expect(again.body.isEmpty)

            _ = try await CaseFixtures.block(target: "second.example", app: app)
            let two = try await team.provider.sendRaw(.GET, "/blocklist?format=rpz", headers: [("If-None-Match", etag)])
            #expect(two.status == .ok)
            let serial2 = try #require(Int(two.headers.first(name: "X-Blocklist-Serial") ?? ""))
            #expect(serial2 > serial1)
            #expect(two.body.contains("(\(serial2) "))

            _ = try await CaseFixtures.lift(target: "first.example", app: app)
            let three = try await team.provider.send(.GET, "/blocklist?format=rpz")
            let serial3 = try #require(Int(three.headers.first(name: "X-Blocklist-Serial") ?? ""))
            #expect(serial3 > serial2)
            #expect(!three.body.contains("first.example"))
            #expect(three.headers.first(name: .eTag) != two.headers.first(name: .eTag))
        }
    }
}
