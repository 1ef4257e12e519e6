import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// Items and candidate sources through `/api/v1`: the same permissions and stores as the pages.
@Suite(.serialized) struct MonitoringAPITests {
    @Test func itemsTheirEvidenceAndCandidateDecisions() async throws {
        let server = try await SiteServer.start(PipelineTests.site(alpha: "First alpha text", betaGone: false))
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: one crawled site, an analyst, a volunteer and an expert
            try app.useTestMonitoring(server: server)
            let sourceID = try await app.makeSource(.website, server.url("/site/"))
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
            let analyst = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("ana", role: .analyst)))
            let volunteer = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("vol", role: .volunteer)))
            let expert = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("exp", role: .expert)))

            // the timeline: three pages, newest first, with hashes and capture ids
            let list = try await analyst.send(.GET, "/sources/\(sourceID)/items?per_page=2")
            #expect(list.status == .ok)
            #expect(list.json["total"] as? Int == 3 && list.json["per_page"] as? Int == 2)
            let rows = try #require(list.json["items"] as? [[String: Any]])
            #expect(rows.count == 2)
            let ids = rows.compactMap { $0["id"] as? Int }
            #expect(ids == ids.sorted(by: >))
            #expect(rows.allSatisfy { ($0["content_sha256"] as? String)?.count == 64 && $0["capture_id"] is Int })

            // one item: its capture points at the WARC record whose payload hash the row keeps
            let alpha = try #require(try await Item.query(on: app.db).filter(\.$itemKey == "url:" + server.url("/site/a")).first())
            let detail = try await analyst.send(.GET, "/items/\(try alpha.requireID())")
            #expect(detail.status == .ok)
            let item = try #require(detail.json["item"] as? [String: Any])
            #expect((item["text"] as? String)?.contains("First alpha text") == true)
            let capture = try #require(detail.json["capture"] as? [String: Any])
            let stored = try #require(try await Capture.find(alpha.captureID, on: app.db))
            #expect(capture["payload_sha256"] as? String == stored.payloadSHA256)
            #expect(capture["warc_offset"] as? Int == stored.warcOffset && capture["http_status"] as? Int == 200)
            #expect(capture["record_url"] as? String == "/captures/\(try stored.requireID())/record")
            #expect((detail.json["versions"] as? [[String: Any]])?.count == 1)

            // who may read: a volunteer may not, an expert only through cases
            #expect(try await volunteer.send(.GET, "/items/\(try alpha.requireID())").status == .forbidden)
            #expect(try await expert.send(.GET, "/sources/\(sourceID)/items").status == .forbidden)
            #expect(try await analyst.send(.GET, "/items/999999").status == .notFound)

            // candidates: list, a bad status, accept one, reject the other, no second decision
            let pending = try await analyst.send(.GET, "/candidates")
            #expect(pending.status == .ok && pending.json["total"] as? Int == 2)
            let bad = try await analyst.send(.GET, "/candidates?status=everything")
            #expect(bad.status == .unprocessableEntity && bad.json["field"] as? String == "status")
            let channel = try #require(try await SourceCandidate.query(on: app.db)
                .filter(\.$identity == "telegram:fictional_patrol_channel").first())
            let other = try #require(try await SourceCandidate.query(on: app.db).filter(\.$identity == "other-forum.example").first())
            #expect(try await volunteer.send(.POST, "/candidates/\(try channel.requireID())/accept").status == .forbidden)
            let accepted = try await analyst.send(.POST, "/candidates/\(try channel.requireID())/accept")
            #expect(accepted.status == .ok && accepted.json["status"] as? String == "accepted")
            let newSourceID = try #require(accepted.json["source_id"] as? Int)
            let registered = try #require(try await Source.find(newSourceID, on: app.db))
            #expect(registered.identity == "telegram:fictional_patrol_channel" && registered.foundBy == "discovered")
            let rejected = try await analyst.send(.POST, "/candidates/\(try other.requireID())/reject")
            #expect(rejected.status == .ok && rejected.json["status"] as? String == "rejected")
            #expect(rejected.json["source_id"] is NSNull || rejected.json["source_id"] == nil)
            let again = try await analyst.send(.POST, "/candidates/\(try other.requireID())/accept")
            #expect(again.status == .conflict && again.json["error"] is String)
            #expect(try await Source.query(on: app.db).count() == 2)
            let decided = try await analyst.send(.GET, "/candidates?status=accepted")
            #expect(decided.json["total"] as? Int == 1)
        }
    }
}
