import Fluent
import Foundation
import KaiguulCore
import Monitor
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

// Block verification moved to Tests/AppTests/Verification/ with the measured verdicts (issue 17).
@Suite("Case statistics") struct VerificationAndStatisticsTests {
    @Test func statisticsCountEachStageInThePeriodAndRegion() async throws {
        try await withApp { app in
            let regions = try await Region.query(on: app.db).sort(\.$id).all().compactMap(\.id)
            let people = try await CaseFixtures.people(app: app)
            func open(_ target: String, region: Int) async throws -> (Int, CaseInput) {
                let input = try CaseInput.validate(.init(title: target, target: target, region_id: String(region)))
                return (try await CaseStore.open(input, actor: people.analyst, app: app), input)
            }
            let (a, ai) = try await open("site-one.example", region: regions[0])
            try await CaseFixtures.advance(caseID: a, target: ai.target, to: .blocked, people: people, app: app)
            let (b, bi) = try await open("https://t.me/some_channel_demo", region: regions[0])
            try await CaseFixtures.advance(caseID: b, target: bi.target, to: .expertConfirmed, people: people, app: app)
            let (c, ci) = try await open("site-two.example", region: regions[1])
            try await CaseFixtures.advance(caseID: c, target: ci.target, to: .blocked, people: people, app: app)
            try await CaseFixtures.lift(caseID: c, people: people, app: app)

            let now = Date()
            let all = try await CaseStatistics.count(on: app.db, from: now.addingTimeInterval(-3600),
                                                     to: now.addingTimeInterval(3600))
            #expect(all.identified == .init(sites: 2, accounts: 1))
            #expect(all.referredToExpert == .init(sites: 2, accounts: 1))
            #expect(all.confirmed == .init(sites: 2, accounts: 1))
            #expect(all.submittedToCourt == .init(sites: 2, accounts: 0))
            #expect(all.ordered.sites == 2)
            #expect(all.blocked.sites == 2)
            #expect(all.lifted.sites == 1)
            let region = try await CaseStatistics.count(on: app.db, from: now.addingTimeInterval(-3600),
                                                        to: now.addingTimeInterval(3600), regionID: regions[0])
            #expect(region.identified == .init(sites: 1, accounts: 1))
            #expect(region.lifted.total == 0)
            let past = try await CaseStatistics.count(on: app.db, from: now.addingTimeInterval(-7200),
                                                      to: now.addingTimeInterval(-3600))
            #expect(past == CaseStatistics.Figures())
        }
    }
}
