import Detection
import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// The Indicators page and `/api/v1/indicators`: who may use them, add, edit, retire, and the CSV
/// import whose dry run writes nothing.
@Suite("Indicators page and API") struct IndicatorPageTests {
    @Test(arguments: [(Role.analyst, true), (.admin, true), (.volunteer, false), (.expert, false)])
    func onlyAnalystsAndAdminsUseThePage(role: Role, allowed: Bool) async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("person", role: role)
            let browser = Browser(app)
            try await browser.login("person", language: "en")
            let api = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("script", role: role)))

            // MUT
            let statuses = [try await browser.get("/indicators").status, try await browser.get("/indicators/new").status,
                            try await browser.get("/indicators/import").status,
                            try await api.send(.GET, "/indicators").status,
                            try await browser.post("/indicators", [("organization_id", "1"), ("value", "x")]).status]

            // validate
            if allowed {
                #expect(statuses[0...3].allSatisfy { $0 == .ok }, "\(statuses)")
            } else {
                #expect(statuses.allSatisfy { $0 == .forbidden }, "\(statuses)")
            }
        }
    }

    @Test func analystAddsEditsAndRetiresAnIndicator() async throws {
        try await withApp { app in
            // setup
            let org = try await IndicatorRegistryTests.organization(app, aliases: "")
            try await app.makeUser("ana", role: .analyst)
            let browser = Browser(app)
            try await browser.login("ana", language: "en")

            // MUT: a registered alias typed as it is written, mode left to its spelling
            let added = try await browser.post("/indicators", [("organization_id", String(org)), ("value", "#каратуман"),
                                                                ("mode", ""), ("language", "ky"), ("weight", "2")])
            let refused = try await browser.post("/indicators", [("organization_id", String(org)), ("value", "!!!"),
                                                                  ("weight", "11")])

            // validate
            #expect(added.status == .seeOther)
            let row = try #require(try await IndicatorRecord.query(on: app.db).first())
            #expect(row.value == "#каратуман" && row.mode == "hashtag" && row.weight == 2)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("The weight is a number above 0 and at most 10."))
            #expect(refused.body.contains("This value cannot be searched for"))
            #expect(try await IndicatorRecord.query(on: app.db).count() == 1)

            // MUT: edit, search, retire
            let id = try row.requireID()
            let edited = try await browser.post("/indicators/\(id)", [("organization_id", String(org)),
                                                                       ("value", "#каратуман"), ("mode", "hashtag"),
                                                                       ("language", "ky"), ("weight", "3")])
            #expect(edited.status == .seeOther)
            #expect(try await IndicatorRecord.find(id, on: app.db)?.weight == 3)
            let found = try await browser.get("/indicators?q=КАРАТУМАН")
            #expect(found.body.contains("#каратуман"))
            #expect(try await browser.get("/indicators?q=nothing-like-it").body.contains("#каратуман") == false)
            #expect(try await browser.post("/indicators/\(id)/retire", []).status == .seeOther)
            #expect(try await browser.post("/indicators/\(id)/retire", []).status == .conflict)

            // validate: listed as retired, every write audited
            let list = try await browser.get("/indicators?state=retired")
            #expect(list.body.contains("#каратуман") && list.body.contains("Retired"))
            #expect(try await browser.get("/indicators?state=active").body.contains("#каратуман") == false)
            let actions = try await AuditEntry.query(on: app.db).filter(\.$objectType == "indicator").all().map(\.action)
            #expect(actions.sorted() == ["indicator.create", "indicator.retire", "indicator.update"])
        }
    }

    @Test func csvDryRunWritesNothingAndReportsEveryRowError() async throws {
        try await withApp { app in
            // setup
            let org = try await IndicatorRegistryTests.organization(app, aliases: "")
            try await app.makeUser("ana", role: .analyst)
            let browser = Browser(app)
            try await browser.login("ana", language: "en")
            let csv = """
                organization,indicator,language,mode,weight
                \(org),#каратуман,ky,,2
                Кара Туман Бирлиги,күн чыгышынын сакчылары,ky,phrase,1
                No Such Organisation,жалган ураан,ky,word,1
                \(org),ураан,ky,sideways,1
                \(org),ураан,ky,word,99

                """
            let auditBefore = try await AuditEntry.query(on: app.db).count()

            // MUT
            let dryRun = try await browser.post("/indicators/import", [("csv", csv), ("dry_run", "1")])
            let refused = try await browser.post("/indicators/import", [("csv", csv)])

            // validate: what would be added, each row's error, and nothing written
            #expect(dryRun.status == .ok)
            #expect(dryRun.body.contains("Dry run: nothing was written"))
            #expect(dryRun.body.contains("#каратуман") && dryRun.body.contains("күн чыгышынын сакчылары"))
            #expect(dryRun.body.contains("unknown organisation «No Such Organisation»"))
            #expect(dryRun.body.contains("unknown mode «sideways»"))
            #expect(dryRun.body.contains("must be a number in (0, 10]"))
            for row in ["<td>4</td>", "<td>5</td>", "<td>6</td>"] { #expect(dryRun.body.contains(row)) }
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Import refused: nothing was written"))
            #expect(try await IndicatorRecord.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)

            // MUT: a clean file's dry run writes nothing either; its import writes it, audited once
            let clean = csv.split(separator: "\n").prefix(3).joined(separator: "\n")
            let cleanDryRun = try await browser.post("/indicators/import", [("csv", clean), ("dry_run", "1")])
            #expect(cleanDryRun.status == .ok && cleanDryRun.body.contains("Would be added"))
            #expect(try await IndicatorRecord.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)
            #expect(try await browser.post("/indicators/import", [("csv", clean)]).status == .seeOther)
            #expect(try await IndicatorRecord.query(on: app.db).count() == 2)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "indicator.import").count() == 1)
        }
    }

    /// The form promises files up to `IndicatorImport.maxBytes`; the CSRF check reads a streamed body
    /// first and must allow that much there for a signed-in person, not only the 1 MiB of ordinary
    /// forms, while a visitor who is not signed in never gets more than 1 MiB read. (In-memory test
    /// requests arrive already collected, so the limit itself is what is checked.)
    @Test func theImportFormMayCarryAsMuchAsTheImportTakes() async throws {
        try await withApp { app in
            func limit(_ path: String, signedIn: Bool) -> Int {
                let request = Request(application: app, method: .POST, url: URI(path: path),
                                      on: app.eventLoopGroup.next())
                if signedIn {
                    request.currentUser = CurrentUser(id: 1, username: "analyst", displayName: "Analyst",
                                                      role: .analyst, viaToken: false)
                }
                return CSRFMiddleware.bodyLimit(for: request)
            }
            #expect(limit("/indicators/import", signedIn: true) >= IndicatorImport.maxBytes)
            #expect(limit("/indicators/import", signedIn: false) == 1_048_576)
            #expect(limit("/indicators", signedIn: true) == 1_048_576)
            #expect(limit("/cases/1/comments", signedIn: true) == 1_048_576)
        }
    }

    @Test func apiListsCreatesUpdatesAndRetires() async throws {
        try await withApp { app in
            // setup
            let org = try await IndicatorRegistryTests.organization(app, aliases: "")
            let api = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("ana", role: .analyst)))

            // MUT
            let created = try await api.send(.POST, "/indicators", json: #"{"organization_id": \#(org), "value": "@karatuman_info"}"#)
            let id = try #require(created.json["id"] as? Int)
            let bad = try await api.send(.POST, "/indicators", json: #"{"organization_id": \#(org), "value": "x", "mode": "sideways"}"#)
            let unknownOrg = try await api.send(.POST, "/indicators", json: #"{"organization_id": 999, "value": "ураан"}"#)
            let patched = try await api.send(.PATCH, "/indicators/\(id)", json: #"{"weight": 4}"#)
            let retired = try await api.send(.POST, "/indicators/\(id)/retire")
            let listed = try await api.send(.GET, "/indicators?state=retired")

            // validate
            #expect(created.status == .created)
            #expect(created.json["mode"] as? String == "handle")
            #expect(bad.status == .unprocessableEntity && bad.json["field"] as? String == "mode")
            #expect(unknownOrg.status == .unprocessableEntity && unknownOrg.json["field"] as? String == "organization_id")
            #expect(patched.status == .ok && patched.json["weight"] as? Double == 4)
            #expect(patched.json["value"] as? String == "@karatuman_info")
            #expect(retired.status == .ok && retired.json["state"] as? String == "retired")
            #expect((listed.json["items"] as? [[String: Any]])?.first?["id"] as? Int == id)
            #expect(try await api.send(.POST, "/indicators/\(id)/retire").status == .conflict)
        }
    }
}

@Suite("Indicator strings") struct IndicatorStringTests {
    /// Mode and state names are composed from values, so the key check cannot see them.
    @Test func everyModeAndStateIsTranslated() {
        let keys = IndicatorMode.allCases.map { "indicator.mode.\($0.rawValue)" }
            + ["active", "retired"].map { "indicator.state.\($0)" }
        for language in [Language.ky, .ru, .en] {
            for key in keys { #expect(Translator.tables[language]?[key] != nil, "\(language) \(key)") }
        }
    }
}
