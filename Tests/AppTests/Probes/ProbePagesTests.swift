import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// The probes page and the networks table as an admin uses them, and who else may see them.
@Suite("Probe pages") struct ProbePagesTests {
    @Test func anAdminRegistersAProbeSeesItsTokenOnceAndDisablesIt() async throws {
        try await withApp { app in
            try await app.makeUser("admin1", role: .admin)
            let admin = Browser(app)
            try await admin.login("admin1", language: "en")
            #expect(try await admin.get("/probes").body.contains("id=\"no-probes\""))
            let refused = try await admin.post("/probes", [("name", ""), ("kind", "provider"), ("asn", "AS-x")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("href=\"#f-name\"") && refused.body.contains("href=\"#f-asn\""))
            #expect(try await Probe.query(on: app.db).count() == 0)

            let created = try await admin.post("/probes", [("name", "Fictional Telecom Osh"), ("kind", "provider"),
                                                           ("asn", "AS64500"), ("network_name", "Fictional Telecom")])
            #expect(created.status == .created)
            let token = try #require(created.body.range(of: #"kgp_[A-Za-z0-9_-]+"#, options: .regularExpression)
                .map { String(created.body[$0]) })
            let probe = try #require(try await Probe.query(on: app.db).first())
            #expect(probe.asn == 64500 && probe.tokenSHA256 == Token.sha256Hex(token))
            // Shown once: the next look at the page has only its first characters.
            let later = try await admin.get("/probes")
            #expect(!later.body.contains(token))
            #expect(later.body.contains(probe.tokenPrefix))
            let taken = try await admin.post("/probes", [("name", "Fictional Telecom Osh"), ("kind", "volunteer")])
            #expect(taken.status == .conflict || taken.status == .unprocessableEntity)

            _ = try await admin.post("/probes/\(try probe.requireID())/disable", [])
            #expect(try await Probe.find(probe.id, on: app.db)?.disabledAt != nil)
            #expect(try await ProbeStore.probe(forToken: token, on: app.db) != nil)
            #expect(try await ProbeCaller(app: app, token: token).send(.GET, "blocklist").status == .forbidden)
            let actions = try await AuditEntry.query(on: app.db).all().map(\.action)
            #expect(actions.contains("probe.create") && actions.contains("probe.disable"))
        }
    }

    @Test func theNetworksTableTakesOneRangeOrAWholeCSVAndABadLineWritesNothing() async throws {
        try await withApp { app in
            try await app.makeUser("admin1", role: .admin)
            let admin = Browser(app)
            try await admin.login("admin1", language: "en")
            let one = try await admin.post("/probes/networks", [("net_prefix", "192.0.2.77/24"), ("net_asn", "64500"),
                                                                ("net_name", "Fictional Telecom")])
            #expect(one.status == .seeOther || one.status == .found)
            #expect(try await Network.query(on: app.db).first()?.prefix == "192.0.2.0/24")
            let badPrefix = try await admin.post("/probes/networks", [("net_prefix", "192.0.2.300/24"), ("net_asn", "1"),
                                                                      ("net_name", "x")])
            #expect(badPrefix.status == .unprocessableEntity && badPrefix.body.contains("href=\"#f-net_prefix\""))

            let bad = "prefix,asn,name\n198.51.100.0/24,64501,Invented Net\n203.0.113.0/24,notanumber,Oops\n"
            let refused = try await admin.post("/probes/networks/import", [("csv", bad)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("3"))
            #expect(try await Network.query(on: app.db).count() == 1)

            let good = "prefix,asn,name\n198.51.100.0/24,AS64501,\"Invented Net, South\"\n2001:db8::/32,64502,Example Six\n"
                + "192.0.2.0/24,64500,Fictional Telecom (renamed)\n"
            _ = try await admin.post("/probes/networks/import", [("csv", good)])
            let rows = try await Network.query(on: app.db).sort(\.$prefix).all()
            #expect(rows.map(\.prefix) == ["192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32"])
            #expect(rows.first?.name == "Fictional Telecom (renamed)")
            #expect(rows[1].name == "Invented Net, South" && rows[1].asn == 64501)
            let twice = try await admin.post("/probes/networks/import", [("csv", "10.0.0.0/8,1,a\n10.1.0.0/8,2,b")])
            #expect(twice.status == .unprocessableEntity)
        }
    }

    @Test func analystsLegalAndAuditorsReadTheProbesAndCompliancePagesButCannotChangeThem() async throws {
        try await withApp { app in
            _ = try await ProbeStore.register(.init(name: "Volunteer probe (fictional)", kind: "volunteer"),
                                              actor: .commandLine, app: app)
            for (name, role) in [("analyst1", Role.analyst), ("legal1", .legal), ("auditor1", .auditor)] {
                try await app.makeUser(name, role: role)
                let person = Browser(app)
                try await person.login(name, language: "ru")
                let page = try await person.get("/probes")
                #expect(page.status == .ok, "\(name)")
                #expect(page.body.contains("Volunteer probe (fictional)"))
                #expect(!page.body.contains("id=\"probe-form\""))
                #expect(try await person.get("/compliance").status == .ok)
                let tried = try await person.post("/probes", [("name", "Sneaky"), ("kind", "provider")])
                #expect(tried.status == .forbidden, "\(name)")
            }
            try await app.makeUser("volunteer1", role: .volunteer)
            let volunteer = Browser(app)
            try await volunteer.login("volunteer1")
            #expect(try await volunteer.get("/probes").status == .forbidden)
            #expect(try await volunteer.get("/compliance").status == .forbidden)
            #expect(try await Probe.query(on: app.db).count() == 1)
        }
    }
}

@Suite("Probe audit details") struct ProbeAuditDetailTests {
    /// A probe's kind and how an upload's network was found read in the page's language, not as codes.
    @Test func kindAndAttributionAreWords() {
        let ky = Translator(language: .ky), ru = Translator(language: .ru)
        #expect(AuditIndex.readableValue("kind", "volunteer", "probe", ky) == ky("probe_kind.volunteer"))
        #expect(AuditIndex.readableValue("kind", "volunteer", "probe", ky) != "volunteer")
        #expect(AuditIndex.readableValue("attribution", "table", "probe", ru) == "по таблице сетей")
        for key in ["token_prefix", "asn", "network_name", "enforced", "attribution", "list_serial", "prefix"] {
            #expect(AuditIndex.detailLabel(key, "probe", ru) != key, "\(key)")
        }
    }
}
