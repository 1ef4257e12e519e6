import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// The TAXII 2.1 server as a partner's client sees it, against rows written by hand.
@Suite("TAXII 2.1 server") struct TAXIIServerTests {
    static let amber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"

    @Test func discoveryRootAndCollectionsAreThePartnersRulesReadOnly() async throws {
        try await withApp { app in
            let f = try await TAXIIFixture.make(app)
            let client = TAXIITestClient(app: app, token: f.tokenA)
            let discovery = try await client.get("/taxii2/")
            #expect(discovery.status == .ok)
            #expect(discovery.headers.first(name: .contentType) == "application/taxii+json;version=2.1")
            #expect(discovery.json["api_roots"] as? [String] == ["/taxii2/kaiguul/"])
            #expect(discovery.json["default"] as? String == "/taxii2/kaiguul/")
            let root = try await client.get("/taxii2/kaiguul/")
            #expect(root.json["versions"] as? [String] == ["application/taxii+json;version=2.1"])
            #expect(root.json["max_content_length"] as? Int != nil)
            let collections = try await client.get("/taxii2/kaiguul/collections/")
            let listed = collections.json["collections"] as? [[String: Any]] ?? []
            // Only the caller's partner's rule: the other partner's collection is not even named.
            #expect(listed.map { $0["id"] as? String } == [f.ruleA.collectionID])
            #expect(listed.first?["can_read"] as? Bool == true)
            #expect(listed.first?["can_write"] as? Bool == false)
            #expect(listed.first?["media_types"] as? [String] == ["application/stix+json;version=2.1"])
            let one = try await client.get("/taxii2/kaiguul/collections/\(f.ruleA.collectionID)/")
            #expect(one.json["id"] as? String == f.ruleA.collectionID)
        }
    }

    @Test func pagesFollowNextAndCarryTheRulesMarking() async throws {
        try await withApp { app in
            let f = try await TAXIIFixture.make(app)
            let client = TAXIITestClient(app: app, token: f.tokenA)
            var seen: [String] = []
            var path = f.objectsPath(f.ruleA, "limit=3")
            var pages = 0
            while true {
                let page = try await client.get(path)
                #expect(page.status == .ok)
                #expect(page.headers.first(name: .contentType) == TAXIIMediaType.taxii)
                pages += 1
                seen += page.ids
                for object in page.objects where object["type"] as? String != "identity" {
                    #expect((object["object_marking_refs"] as? [String])?.first == Self.amber)
                }
                #expect(page.objects.first { $0["type"] as? String == "identity" }?["object_marking_refs"] == nil)
                #expect(page.headers.first(name: "X-TAXII-Date-Added-First") != nil)
                guard page.json["more"] as? Bool == true, let next = page.json["next"] as? String else { break }
                #expect(page.objects.count == 3)
                path = f.objectsPath(f.ruleA, "limit=3&next=\(next)")
                #expect(pages < 10)
                if pages >= 10 { break }
            }
            // Seven objects (last versions) in three pages, each once, in the order they were added;
            // the other organisation's indicator never appears.
            #expect(pages == 3)
            #expect(seen == f.expectedA)
            #expect(!seen.contains("indicator--00000000-0000-4000-8000-000000000201"))
        }
    }

    @Test func addedAfterReturnsOnlyWhatCameLater() async throws {
        try await withApp { app in
            let f = try await TAXIIFixture.make(app)
            let client = TAXIITestClient(app: app, token: f.tokenA)
            let first = try await client.get(f.objectsPath(f.ruleA, "limit=2"))
            let last = try #require(first.headers.first(name: "X-TAXII-Date-Added-Last"))
            #expect(first.headers.first(name: "X-TAXII-Date-Added-First") == TAXIITimestamp.format(f.base))
            #expect(last == TAXIITimestamp.format(f.base.addingTimeInterval(1.5)))
            let rest = try await client.get(f.objectsPath(f.ruleA, "added_after=\(last)"))
            #expect(rest.ids == Array(f.expectedA.dropFirst(2)))
            #expect(rest.json["more"] as? Bool == false)
            // A manifest entry's date_added, sent back, excludes that entry itself.
            let manifest = try await client.get("/taxii2/kaiguul/collections/\(f.ruleA.collectionID)/manifest/?limit=1")
            let entry = try #require((manifest.json["objects"] as? [[String: Any]])?.first)
            #expect(entry["id"] as? String == f.expectedA[0])
            #expect(entry["media_type"] as? String == "application/stix+json;version=2.1")
            let after = try #require(entry["date_added"] as? String)
            let following = try await client.get(f.objectsPath(f.ruleA, "added_after=\(after)"))
            #expect(following.ids == Array(f.expectedA.dropFirst()))
            // Nothing after the newest: an empty envelope, and nothing written to the audit log.
            let before = try await AuditEntry.query(on: app.db).filter(\.$action == "exchange.export").count()
            let none = try await client.get(f.objectsPath(f.ruleA, "added_after=2099-01-01T00:00:00Z"))
            #expect(none.status == .ok && none.objects.isEmpty && none.json["more"] as? Bool == false)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "exchange.export").count() == before)
        }
    }

    @Test func versionsAndVersionMatching() async throws {
        try await withApp { app in
            let f = try await TAXIIFixture.make(app)
            let client = TAXIITestClient(app: app, token: f.tokenA)
            let base = "/taxii2/kaiguul/collections/\(f.ruleA.collectionID)/objects/\(f.versioned)/"
            let latest = try await client.get(base)
            #expect(latest.objects.count == 1)
            #expect(latest.objects.first?["revoked"] as? Bool == true)
            #expect(latest.objects.first?["modified"] as? String == "2026-02-02T00:00:00.000Z")
            let all = try await client.get(base + "?match[version]=all")
            #expect(all.objects.compactMap { $0["modified"] as? String }
                    == ["2026-02-01T00:00:00.000Z", "2026-02-02T00:00:00.000Z"])
            let first = try await client.get(base + "?match%5Bversion%5D=first")
            #expect(first.objects.first?["revoked"] as? Bool == false)
            let exact = try await client.get(base + "?match[version]=2026-02-01T00:00:00Z")
            #expect(exact.objects.compactMap { $0["modified"] as? String } == ["2026-02-01T00:00:00.000Z"])
            let versions = try await client.get(base + "versions/")
            #expect(versions.json["versions"] as? [String] == ["2026-02-01T00:00:00.000Z", "2026-02-02T00:00:00.000Z"])
            let paged = try await client.get(base + "versions/?limit=1")
            #expect(paged.json["versions"] as? [String] == ["2026-02-01T00:00:00.000Z"])
            #expect(paged.json["more"] as? Bool == true)
            let manifest = try await client.get("/taxii2/kaiguul/collections/\(f.ruleA.collectionID)/manifest/?match[id]=\(f.versioned)&match[version]=all")
            #expect((manifest.json["objects"] as? [[String: Any]])?.compactMap { $0["version"] as? String }
                    == ["2026-02-01T00:00:00.000Z", "2026-02-02T00:00:00.000Z"])
            let typed = try await client.get(f.objectsPath(f.ruleA, "match[type]=identity"))
            #expect(typed.ids == [f.expectedA[0]])
            // Another organisation's object, asked for by id in this collection, does not exist here.
            let foreign = try await client.get("/taxii2/kaiguul/collections/\(f.ruleA.collectionID)/objects/indicator--00000000-0000-4000-8000-000000000201/")
            #expect(foreign.status == .notFound)
            #expect(foreign.json["http_status"] as? String == "404")
        }
    }

    @Test func anotherPartnersOrARevokedCollectionIsNotFound() async throws {
        try await withApp { app in
            let f = try await TAXIIFixture.make(app)
            let a = TAXIITestClient(app: app, token: f.tokenA)
            let foreign = try await a.get(f.objectsPath(f.ruleB))
            #expect(foreign.status == .notFound)
            #expect(foreign.headers.first(name: .contentType) == TAXIIMediaType.taxii)
            #expect(foreign.json["title"] as? String != nil)
            let unknown = try await a.get("/taxii2/kaiguul/collections/\(UUID().uuidString.lowercased())/manifest/")
            #expect(unknown.status == .notFound)
            let elsewhere = try await a.get("/taxii2/other-root/")
            #expect(elsewhere.status == .notFound && elsewhere.json["http_status"] as? String == "404")
            // Partner B reads its own collection: the other organisation's indicator, plus the shared identity.
            let b = TAXIITestClient(app: app, token: f.tokenB)
            let own = try await b.get(f.objectsPath(f.ruleB))
            #expect(own.ids == [f.expectedA[0], "indicator--00000000-0000-4000-8000-000000000201"])
            #expect((own.objects.last?["object_marking_refs"] as? [String])?.first
                    == "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb")
            // A revoked rule is gone at once.
            try await SharingRuleStore.revoke(try f.ruleA.requireID(), actor: .commandLine, app: app)
            #expect(try await a.get(f.objectsPath(f.ruleA)).status == .notFound)
            let none = try await a.get("/taxii2/kaiguul/collections/")
            #expect(none.status == .ok && none.json["collections"] == nil)
            // A disabled partner's accounts read nothing at all.
            try await PartnerStore.setDisabled(f.partnerB, disabled: true, actor: .commandLine, app: app)
            #expect(try await b.get(f.objectsPath(f.ruleB)).status == .forbidden)
        }
    }

    @Test func credentialsAndMediaTypes() async throws {
        try await withApp { app in
            let f = try await TAXIIFixture.make(app)
            let path = f.objectsPath(f.ruleA)
            let anonymous = try await TAXIITestClient(app: app, token: nil).get(path)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers.first(name: .wwwAuthenticate)?.contains("Basic") == true)
            #expect(anonymous.headers.first(name: .contentType) == TAXIIMediaType.taxii)
            #expect(try await TAXIITestClient(app: app, token: "kgl_not-a-token").get(path).status == .unauthorized)
            let analyst = try await app.makeToken(for: try await app.makeUser("analyst-x", role: .analyst))
            #expect(try await TAXIITestClient(app: app, token: analyst).get(path).status == .forbidden)
            // A partner-role account attached to no partner reads nothing.
            let loose = try await app.makeToken(for: try await app.makeUser("partner-loose", role: .partner))
            #expect(try await TAXIITestClient(app: app, token: loose).get(path).status == .forbidden)
            // Basic carries the token as the password; a user name, when given, must be the token's account.
            let basic = try await TAXIITestClient(app: app, token: f.tokenA, basic: "partner-a").get(path)
            #expect(basic.status == .ok && basic.ids == f.expectedA)
            #expect(try await TAXIITestClient(app: app, token: f.tokenA, basic: "").get(path).status == .ok)
            #expect(try await TAXIITestClient(app: app, token: f.tokenA, basic: "partner-b").get(path).status == .unauthorized)
            var scheme = TAXIITestClient(app: app, token: nil)
            scheme.authorization = "Token \(f.tokenA)"
            #expect(try await scheme.get(path).status == .ok)
            for (accept, status) in [("text/html", HTTPResponseStatus.notAcceptable),
                                     ("application/json", .notAcceptable),
                                     ("application/taxii+json;version=2.0", .notAcceptable),
                                     ("application/taxii+json; version=2.1", .ok),
                                     ("application/taxii+json", .ok),
                                     ("text/html, */*;q=0.1", .ok)] {
                var client = TAXIITestClient(app: app, token: f.tokenA)
                client.accept = accept
                let reply = try await client.get(path)
                #expect(reply.status == status, "\(accept)")
                #expect(reply.headers.first(name: .contentType) == TAXIIMediaType.taxii, "\(accept)")
            }
            let client = TAXIITestClient(app: app, token: f.tokenA)
            for bad in ["limit=0", "limit=x", "added_after=yesterday", "next=abc", "next=999999", "match[id]=not-an-id",
                        "match[version]=latest"] {
                let reply = try await client.get(f.objectsPath(f.ruleA, bad))
                #expect(reply.status == .badRequest, "\(bad)")
            }
        }
    }

    @Test func aReadThatHandsSomethingOverIsAuditedWithItsRecipient() async throws {
        try await withApp { app in
            let f = try await TAXIIFixture.make(app)
            _ = try await TAXIITestClient(app: app, token: f.tokenA).get(f.objectsPath(f.ruleA, "limit=2"))
            let rows = try await AuditEntry.query(on: app.db).filter(\.$action == "exchange.export").all()
            #expect(rows.count == 1)
            let details = rows.first?.details ?? ""
            for needle in ["\"partner_id\":\"\(f.partnerA)\"", "\"rule_id\":\"\(try f.ruleA.requireID())\"",
                           "\"format\":\"taxii\"", "\"count\":\"2\"", "\"endpoint\":\"objects\""] {
                #expect(details.contains(needle), "\(needle) in \(details)")
            }
            #expect(rows.first?.actorLabel == "partner-a")
        }
    }
}
