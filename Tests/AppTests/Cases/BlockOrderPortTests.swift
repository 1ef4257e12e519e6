import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// A site the court decision names on a port of its own keeps the port in the block order (stored,
/// shown, and in the CSV and JSON lists), while the DNS lists block the host, since DNS cannot name a
/// port; the decision form says so. (Issue 13, point 9: the port used to vanish from the order.)
@Suite(.serialized) struct BlockOrderPortTests {
    @Test func thePortIsNamedInTheOrderAndTheHostIsBlocked() async throws {
        try await withApp { app in
            // setup: a case on a site at port 8443, before the court
            let team = try await CaseTeam.make(app)
            let address = "https://port-site.example:8443/"
            let id = try await team.open(address)
            try await team.walk(id, target: address, to: "submitted_to_court")
            let legal = Browser(app)
            try await legal.login("legal1")
            let form = try await legal.get("/cases/\(id)")

            // MUT: the decision names the site with its port
            let doc = try #require(try await team.upload(team.legal, id, kind: "court_decision").json["id"] as? Int)
            let decided = try await team.step(team.legal, id, [
                "action": "record_court_decision", "outcome": "ordered", "court": "Demo court", "number": "P-8443",
                "date": CaseDates.today(), "targets": [address], "document_id": doc])
            #expect(decided.status == .ok, "\(decided.body)")
            #expect(try await team.step(team.legal, id, ["action": "mark_blocked"]).status == .ok)

            // validate: the form's hint, the stored order, its pages, and the lists
            #expect(form.body.contains(Translator(language: .ky)("case.decision_targets.port_hint")))
            let order = try #require(try await BlockOrder.query(on: app.db).filter(\.$caseID == id).first())
            #expect(order.target == "port-site.example:8443")
            #expect(order.targetKind == "domain")
            #expect(try await legal.get("/block-orders").body.contains("port-site.example:8443"))
            let api = try await team.legal.send(.GET, "/block-orders")
            #expect(api.body.contains("port-site.example:8443"), "\(api.body)")
            let rpz = try await team.provider.send(.GET, "/blocklist?format=rpz")
            #expect(rpz.body.contains("\nport-site.example CNAME .\n"))
            #expect(rpz.body.contains("\n*.port-site.example CNAME .\n"))
            #expect(!rpz.body.contains("8443"))
            let hosts = try await team.provider.send(.GET, "/blocklist?format=hosts")
            #expect(hosts.body.contains(" port-site.example") && !hosts.body.contains("8443"))
            let csv = try await team.provider.send(.GET, "/blocklist?format=csv")
            #expect(csv.body.contains(",domain,port-site.example:8443,"), "\(csv.body)")
            let list = try await team.provider.send(.GET, "/blocklist?format=json")
            let entries = try #require(list.json["entries"] as? [[String: Any]])
            let entry = try #require(entries.first { $0["target"] as? String == "port-site.example:8443" })
            #expect(entry["domain"] as? String == "port-site.example")
            #expect(entry["port"] as? Int == 8443)
        }
    }
}
