import Detection
import Fluent
import KaiguulCore
import SQLKit
import Testing
import Vapor

@testable import App

/// Fixtures of the knowledge-base tests: a fictional organisation, its indicators and the people.
struct KnowledgeFixture {
    let app: Application
    let org: Int
    let analyst: CurrentUser
    let legal: CurrentUser
    let volunteer: CurrentUser
    /// A phrase, a hashtag and a handle of the organisation, and a phrase of another one.
    let phrase: Int, hashtag: Int, handle: Int, foreign: Int

    static func make(_ app: Application) async throws -> KnowledgeFixture {
        func person(_ name: String, _ role: Role) async throws -> CurrentUser {
            CurrentUser(id: try await app.makeUser(name, role: role), username: name, displayName: name, role: role, viaToken: false)
        }
        let analyst = try await person("ana", .analyst)
        func org(_ ru: String) async throws -> Int {
            try await OrganizationStore.create(
                OrganizationInput(nameKy: "\(ru) (ky)", nameRu: ru, nameEn: "\(ru) (en)", aliases: ["#демо"], designation: .extremist,
                                  court: "Демо районный суд", decisionNumber: "D-19/1", decisionDate: "2020-05-01", status: .banned,
                                  notes: ""),
                actor: analyst.auditActor, app: app)
        }
        let main = try await org("Союз Демо Тумана")
        let other = try await org("Другое демо-сообщество")
        func indicator(_ org: Int, _ value: String, _ mode: IndicatorMode) async throws -> Int {
            try await IndicatorStore.create(IndicatorInput(organizationID: org, value: value, mode: mode, language: "ru", weight: 1),
                                            actor: analyst.auditActor, app: app)
        }
        return KnowledgeFixture(
            app: app, org: main, analyst: analyst, legal: try await person("lex", .legal),
            volunteer: try await person("vova", .volunteer),
            phrase: try await indicator(main, "демо туман придёт", .phrase),
            hashtag: try await indicator(main, "#демотуман", .hashtag),
            handle: try await indicator(main, "@demo_fog_channel", .handle),
            foreign: try await indicator(other, "чужая демо фраза", .phrase))
    }

    func content(ideology: String, _ fields: Set<KnowledgeField> = [.ideology], examples: [Int] = []) -> KnowledgeContent {
        var c = KnowledgeContent()
        c.ideology = [.ky: "\(ideology) ky", .ru: "\(ideology) ru", .en: "\(ideology) en"]
        c.exampleIndicatorIDs = examples
        c.publicFields = fields
        return c
    }

    @discardableResult
    func submit(_ c: KnowledgeContent) async throws -> Int {
        try await KnowledgeStore.create(organizationID: org, KnowledgeInput(content: c, submit: true), by: analyst, app: app).version
    }

    func publicVersion() async throws -> Int? {
        try await KnowledgeBase.publicEntries(on: app.db).first { $0.organizationID == org }?.version
    }
}

@Suite("Knowledge base: versions and legal's approval") struct KnowledgeEntryTests {
    @Test func aNewVersionNeedsLegalApprovalBeforeVolunteersSeeIt() async throws {
        try await withApp { app in
            let f = try await KnowledgeFixture.make(app)
            let vova = Browser(app)
            try await vova.login("vova", language: "en")
            let lex = Browser(app)
            try await lex.login("lex", language: "en")
            let ana = Browser(app)
            try await ana.login("ana", language: "en")

            try await f.submit(f.content(ideology: "FIRST-VERSION-TEXT"))
            // Submitted is not approved: neither the guide's value nor the volunteer's page has it.
            #expect(try await f.publicVersion() == nil)
            var page = try await vova.get("/organizations/\(f.org)/knowledge")
            #expect(page.status == .ok)
            #expect(page.body.contains("knowledge-none"))
            #expect(!page.body.contains("FIRST-VERSION-TEXT"))

            // An analyst may write versions but not approve them: neither through the store nor the form.
            await #expect(throws: AppError.self) {
                try await KnowledgeStore.approve(organizationID: f.org, version: 1, note: "", by: f.analyst, app: app)
            }
            #expect(try await ana.post("/organizations/\(f.org)/knowledge/1/approve", [("note", "")]).status == .forbidden)
            #expect(try await vova.post("/organizations/\(f.org)/knowledge/1/approve", [("note", "")]).status == .forbidden)
            #expect(!(try await ana.get("/organizations/\(f.org)/knowledge/versions/1")).body.contains("knowledge-approve"))
            #expect(try await f.publicVersion() == nil)

            // Legal sees the decision form and approves.
            #expect(try await lex.get("/organizations/\(f.org)/knowledge/versions/1").body.contains("knowledge-approve"))
            let approved = try await lex.post("/organizations/\(f.org)/knowledge/1/approve", [("note", "checked against the decision")])
            #expect(approved.status == .seeOther || approved.status == .found)
            #expect(try await f.publicVersion() == 1)
            page = try await vova.get("/organizations/\(f.org)/knowledge")
            #expect(page.body.contains("FIRST-VERSION-TEXT en"))

            // Version 2 waits for legal: the volunteer and the guide keep version 1, and version 2 is not
            // even reachable by its address for the volunteer.
            try await f.submit(f.content(ideology: "SECOND-VERSION-TEXT"))
            #expect(try await f.publicVersion() == 1)
            page = try await vova.get("/organizations/\(f.org)/knowledge")
            #expect(page.body.contains("FIRST-VERSION-TEXT en"))
            #expect(!page.body.contains("SECOND-VERSION-TEXT"))
            #expect(!page.body.contains("knowledge-history"))
            #expect(try await vova.get("/organizations/\(f.org)/knowledge/versions/2").status == .notFound)

            // Rejected: never shown, and a rejection needs its reason.
            #expect(try await lex.post("/organizations/\(f.org)/knowledge/2/reject", [("note", "")]).status == .unprocessableEntity)
            try await lex.post("/organizations/\(f.org)/knowledge/2/reject", [("note", "the sources are not public")])
            #expect(try await f.publicVersion() == 1)
            #expect(!(try await vova.get("/organizations/\(f.org)/knowledge")).body.contains("SECOND-VERSION-TEXT"))
            // A decided version cannot be decided again.
            #expect(try await lex.post("/organizations/\(f.org)/knowledge/2/approve", [("note", "")]).status == .conflict)

            // Version 3 approved supersedes version 1.
            try await f.submit(f.content(ideology: "THIRD-VERSION-TEXT"))
            try await KnowledgeStore.approve(organizationID: f.org, version: 3, note: "", by: f.legal, app: app)
            #expect(try await f.publicVersion() == 3)
            page = try await vova.get("/organizations/\(f.org)/knowledge")
            #expect(page.body.contains("THIRD-VERSION-TEXT en"))
            #expect(!page.body.contains("FIRST-VERSION-TEXT"))

            // Every version is kept, with its decision; staff see the history.
            let versions = try await KnowledgeBase.versions(organizationID: f.org, on: app.db)
            #expect(versions.map(\.version) == [3, 2, 1])
            #expect(versions.map(\.status) == ["approved", "rejected", "superseded"])
            #expect(versions[1].decisionNote == "the sources are not public")
            #expect(versions[2].content.ideology[.ru] == "FIRST-VERSION-TEXT ru")
            let history = try await ana.get("/organizations/\(f.org)/knowledge")
            #expect(history.body.contains("knowledge-history"))
            #expect(history.body.contains("/organizations/\(f.org)/knowledge/versions/2"))

            // Every write is in the audit log, each against its version's row.
            let entries = try await AuditEntry.query(on: app.db).filter(\.$objectType == "knowledge_entry").all()
            func count(_ action: String) -> Int { entries.filter { $0.action == action }.count }
            #expect(count("knowledge.create") == 3)
            #expect(count("knowledge.submit") == 3)
            #expect(count("knowledge.approve") == 2)
            #expect(count("knowledge.reject") == 1)
            let approval = try #require(entries.last { $0.action == "knowledge.approve" })
            #expect(approval.objectID == String(versions[0].id ?? 0))
            #expect(approval.details.contains("\"superseded_version\":\"1\""))
            #expect(approval.actorID == f.legal.id)
        }
    }

    @Test func anOlderVersionCannotBeApprovedOverANewerOne() async throws {
        try await withApp { app in
            let f = try await KnowledgeFixture.make(app)
            try await f.submit(f.content(ideology: "older"))
            try await f.submit(f.content(ideology: "newer"))
            try await KnowledgeStore.approve(organizationID: f.org, version: 2, note: "", by: f.legal, app: app)
            await #expect(throws: AppError.self) {
                try await KnowledgeStore.approve(organizationID: f.org, version: 1, note: "", by: f.legal, app: app)
            }
            #expect(try await f.publicVersion() == 2)
            // A draft is not decided before it is submitted.
            _ = try await KnowledgeStore.create(organizationID: f.org, KnowledgeInput(content: f.content(ideology: "draft"), submit: false),
                                                by: f.analyst, app: app)
            await #expect(throws: AppError.self) {
                try await KnowledgeStore.approve(organizationID: f.org, version: 3, note: "", by: f.legal, app: app)
            }
            try await KnowledgeStore.submit(organizationID: f.org, version: 3, by: f.analyst, app: app)
            try await KnowledgeStore.approve(organizationID: f.org, version: 3, note: "", by: f.legal, app: app)
            #expect(try await f.publicVersion() == 3)
            // The database itself keeps one approved version per organisation.
            let sql = try #require(app.db as? any SQLDatabase)
            await #expect(throws: (any Error).self) {
                try await sql.raw("UPDATE knowledge_entries SET status = 'approved' WHERE version = 2").run()
            }
        }
    }

    @Test func publicEntriesCarryOnlyPublicSafeFields() async throws {
        try await withApp { app in
            let f = try await KnowledgeFixture.make(app)
            var c = f.content(ideology: "PUBLIC-IDEOLOGY", [.ideology, .recognition, .examples],
                              examples: [f.phrase, f.handle])
            c.recruitment = [.ru: "PRIVATE-RECRUITMENT"]
            c.recognition = [.ky: "PUBLIC-RECOGNITION ky", .ru: ""]
            c.publicSources = [.init(title: "PRIVATE-SOURCE", url: "https://private-source.example/x")]
            c.internalNotes = "PRIVATE-NOTES"
            try await f.submit(c)
            try await KnowledgeStore.approve(organizationID: f.org, version: 1, note: "PRIVATE-DECISION", by: f.legal, app: app)
            let entry = try #require(try await KnowledgeBase.publicEntry(organizationID: f.org, on: app.db))
            #expect(entry.ideology[.ru] == "PUBLIC-IDEOLOGY ru")
            #expect(entry.recognition == [.ky: "PUBLIC-RECOGNITION ky"])
            #expect(entry.recruitment.isEmpty)
            #expect(entry.publicSources.isEmpty)
            // The chosen phrase is quoted; the chosen handle is not (it would advertise the channel); the
            // hashtag was not chosen.
            #expect(entry.examplePhrases == ["демо туман придёт"])
            #expect(entry.names[.ru] == "Союз Демо Тумана")
            #expect(entry.legalBasis == "Демо районный суд, № D-19/1, 2020-05-01")
            let dump = String(describing: try await KnowledgeBase.publicEntries(on: app.db))
            for marker in ["PRIVATE-RECRUITMENT", "PRIVATE-SOURCE", "private-source.example", "PRIVATE-NOTES", "PRIVATE-DECISION",
                           "@demo_fog_channel", "#демотуман"] {
                #expect(!dump.contains(marker), "\(marker) left the staff's pages")
            }
            // Examples not marked public-safe: no phrase at all.
            c.publicFields = [.ideology]
            try await f.submit(c)
            try await KnowledgeStore.approve(organizationID: f.org, version: 2, note: "", by: f.legal, app: app)
            #expect(try await KnowledgeBase.publicEntry(organizationID: f.org, on: app.db)?.examplePhrases == [])
            // A lifted ban takes the organisation out of the public list.
            try await app.db.transaction { db in
                let org = try #require(try await Organization.find(f.org, on: db))
                org.status = "lifted"
                try await org.update(on: db)
            }
            #expect(try await f.publicVersion() == nil)
        }
    }

    @Test func theFormRefusesAnotherOrganisationsPhrasesAndBadSources() async throws {
        try await withApp { app in
            let f = try await KnowledgeFixture.make(app)
            let ana = Browser(app)
            try await ana.login("ana", language: "ru")
            let form = try await ana.get("/organizations/\(f.org)/knowledge/new")
            #expect(form.status == .ok)
            #expect(form.body.contains("демо туман придёт"))
            #expect(!form.body.contains("чужая демо фраза"))
            let base: [(String, String)] = [("ideology_ru", "Текст"), ("submit", "1")]
            var page = try await ana.post("/organizations/\(f.org)/knowledge",
                                          base + [("example_indicator_ids[]", String(f.foreign))])
            #expect(page.status == .unprocessableEntity)
            page = try await ana.post("/organizations/\(f.org)/knowledge", base + [("public_sources", "без адреса")])
            #expect(page.status == .unprocessableEntity)
            page = try await ana.post("/organizations/\(f.org)/knowledge", base + [("public_sources", "x | javascript:alert(1)")])
            #expect(page.status == .unprocessableEntity)
            page = try await ana.post("/organizations/\(f.org)/knowledge", base + [("public_fields[]", "internal_notes")])
            #expect(page.status == .unprocessableEntity)
            // Nothing half-written.
            #expect(try await KnowledgeEntry.query(on: app.db).count() == 0)
            page = try await ana.post("/organizations/\(f.org)/knowledge", base + [
                ("example_indicator_ids[]", String(f.phrase)), ("public_fields[]", "examples"),
                ("public_sources", "Решение суда | https://court.example/d-19-1"),
            ])
            #expect(page.status == .seeOther || page.status == .found)
            let saved = try #require(try await KnowledgeEntry.query(on: app.db).first())
            #expect(saved.state == .submitted)
            #expect(saved.content.exampleIndicatorIDs == [f.phrase])
            #expect(saved.content.publicSources.first?.url == "https://court.example/d-19-1")
            // A new version starts from the latest one.
            #expect(try await ana.get("/organizations/\(f.org)/knowledge/new").body.contains("https://court.example/d-19-1"))
            // The volunteer may not write.
            let vova = Browser(app)
            try await vova.login("vova")
            #expect(try await vova.post("/organizations/\(f.org)/knowledge", base).status == .forbidden)
        }
    }
}
