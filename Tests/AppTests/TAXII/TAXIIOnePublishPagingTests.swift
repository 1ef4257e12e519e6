import Fluent
import Foundation
import Testing

@testable import App

/// One publishing run stamps every new version with the same `date_added`, a time with digits below
/// the microsecond. Paging inside such a run goes by row id; the page boundary must not depend on the
/// stored time reading back bit for bit (SQLite keeps it as a double, Foundation converts it).
@Suite(.serialized) struct TAXIIOnePublishPagingTests {
    @Test func pagesWithinOnePublishingRunReachEveryObject() async throws {
        try await withApp { app in
            let f = try await TAXIIFixture.make(app)
            // As the publisher stamps a run: `Date()`, with its sub-microsecond digits.
            let run = Date(timeIntervalSince1970: 1_796_232_012.4201827)
            var published: [String] = []
            for n in 0..<7 {
                let id = "indicator--00000000-0000-4000-8000-0000000004\(String(format: "%02d", n))"
                let row = ExchangeObject()
                row.stixID = id
                row.stixType = "indicator"
                row.modified = "2026-03-01T00:00:00.000Z"
                row.dateAdded = run
                row.revoked = false
                row.subjectKey = "block_order:4\(n)"
                row.organizationID = TAXIIFixture.organizationA
                row.contentSHA256 = String(repeating: "0", count: 64)
                row.json = "{\"created\":\"2026-03-01T00:00:00.000Z\",\"id\":\"\(id)\","
                    + "\"modified\":\"2026-03-01T00:00:00.000Z\",\"spec_version\":\"2.1\",\"type\":\"indicator\"}"
                try await row.create(on: app.db)
                published.append(id)
            }
            let client = TAXIITestClient(app: app, token: f.tokenA)
            var seen: [String] = []
            var path = f.objectsPath(f.ruleA, "limit=2")
            for _ in 0..<20 {
                let page = try await client.get(path)
                #expect(page.status == .ok)
                seen += page.ids
                guard page.json["more"] as? Bool == true, let next = page.json["next"] as? String else { break }
                path = f.objectsPath(f.ruleA, "limit=2&next=\(next)")
            }
            #expect(seen == f.expectedA + published)
        }
    }
}
