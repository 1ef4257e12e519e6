import Exchange
import Fluent
import Foundation
import Monitor
import Testing
import Vapor

@testable import App
@testable import KaiguulFixtures

/// Point 2 of issue 14: a refused form lists its problems at the top, focused and translated with
/// their values; a save is confirmed once; web and API say the same thing about the same input.
@Suite("Form feedback") struct FormFeedbackTests {
    /// Text between `<div id="form-errors"` and its closing `</div>`.
    static func errorList(_ html: String) -> String? {
        guard let start = html.range(of: "<div id=\"form-errors\"") else { return nil }
        guard let end = html[start.upperBound...].range(of: "</div>") else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func refusedCaseFormListsTranslatedErrorsFirstOnItsOwnPage() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("analyst1", role: .analyst)
            let analyst = Browser(app)
            try await analyst.login("analyst1", language: "ru")
            let empty = try await analyst.get("/cases/new")
            #expect(empty.status == .ok)
            #expect(empty.body.contains("id=\"case-form\""))
            #expect(!empty.body.contains("id=\"form-errors\""))
            #expect(!empty.body.contains("id=\"cases-table\""))

            // MUT
            let bad = try await analyst.post("/cases", [("title", ""), ("target", "t.me"),
                                                        ("note", String(repeating: "x", count: CaseInput.noteMax + 1))])

            // validate
            #expect(bad.status == .unprocessableEntity)
            let list = try #require(Self.errorList(bad.body))
            #expect(list.contains("role=\"alert\""))
            #expect(list.contains("tabindex=\"-1\""))
            #expect(list.contains("data-autofocus"))
            // First thing in the form, before the first field; in the form's order.
            let form = try #require(bad.body.range(of: "id=\"case-form\""))
            let summary = try #require(bad.body.range(of: "id=\"form-errors\""))
            let firstField = try #require(bad.body.range(of: "name=\"title\""))
            #expect(form.lowerBound < summary.lowerBound && summary.lowerBound < firstField.lowerBound)
            let title = try #require(list.range(of: "href=\"#f-title\""))
            let target = try #require(list.range(of: "href=\"#f-target\""))
            let note = try #require(list.range(of: "href=\"#f-note\""))
            #expect(title.lowerBound < target.lowerBound && target.lowerBound < note.lowerBound)
            // Translated with its values, no codes or placeholders.
            #expect(list.contains("Форма не сохранена: исправьте поля (3)."))
            #expect(list.contains("«t.me» — общая платформа"))
            #expect(list.contains("не более \(CaseInput.noteMax) символов"))
            for leak in ["shared_platform_domain", "(empty)", "{", "target.error", "error."] {
                #expect(!list.contains(leak), "\(leak) leaked: \(list)")
            }
            // Each field marked, the person's input kept.
            #expect(bad.body.contains("class=\"field invalid\""))
            #expect(bad.body.contains("id=\"f-target\" value=\"t.me\""))
            #expect(bad.body.contains("aria-invalid=\"true\""))
            #expect(try await CaseRecord.query(on: app.db).count() == 0)
        }
    }

    @Test func savedCaseIsConfirmedOnceOnTheNextPage() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("analyst1", role: .analyst)
            let analyst = Browser(app)
            try await analyst.login("analyst1", language: "ky")

            // MUT
            let created = try await analyst.post("/cases", [("title", "Кара Туман"), ("target", "kara-tuman.example")])

            // validate
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            let id = try #require(location.split(separator: "/").last.map(String.init))
            let shown = try await analyst.get(location)
            #expect(shown.body.contains("<div id=\"flash\" class=\"notice\" role=\"status\">Иш №\(id) ачылды.</div>"))
            let again = try await analyst.get(location)
            #expect(!again.body.contains("id=\"flash\""))
        }
    }

    @Test func apiRefusesWithTheSameTranslatedMessageAsTheForm() async throws {
        try await withApp { app in
            // setup
            let id = try await app.makeUser("analyst1", role: .analyst)
            let api = APIClient(app: app, token: try await app.makeToken(for: id))
            let web = Browser(app)
            try await web.login("analyst1", language: "ky")

            // MUT
            let reply = try await api.send(.POST, "/cases", json: #"{"title": "Тест", "target": "https://com.kg/"}"#)
            let page = try await web.post("/cases", [("title", "Тест"), ("target", "https://com.kg/")])

            // validate
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.json["field"] as? String == "target")
            let message = try #require(reply.json["error"] as? String)
            #expect(message == Translator(language: .ky)("target.error.public_suffix", ["domain": "com.kg"]))
            let list = try #require(Self.errorList(page.body))
            #expect(list.contains(Escape.text(message)))
        }
    }

    /// The registry forms (organisation, source, indicator): refused → the list at the top of the
    /// form, translated; saved → a flash on the next page.
    @Test func registryFormsListErrorsFirstAndConfirmSaves() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("analyst1", role: .analyst)
            let analyst = Browser(app)
            try await analyst.login("analyst1", language: "en")

            // MUT
            let badOrg = try await analyst.post("/organizations", [("designation", ""), ("decision_date", "2026-13-40")])
            let org = try await analyst.post("/organizations", [("name_en", "Kara Tuman"), ("designation", "extremist"),
                                                                ("status", "banned")])
            let orgPage = try await analyst.get(try #require(org.headers.first(name: .location)))
            let badSource = try await analyst.post("/sources", [("kind", "website"), ("address", ""),
                                                                ("check_interval_minutes", "abc")])
            let source = try await analyst.post("/sources", [("kind", "website"), ("address", "https://kara-tuman.example/"),
                                                             ("check_interval_minutes", "60"), ("status", "active")])
            let sourcePage = try await analyst.get(try #require(source.headers.first(name: .location)))
            let badIndicator = try await analyst.post("/indicators", [("value", ""), ("weight", "99")])

            // validate
            for (page, fields) in [(badOrg, ["designation", "decision_date"]), (badSource, ["address"]),
                                   (badIndicator, ["organization_id", "value", "weight"])] {
                #expect(page.status == .unprocessableEntity)
                let list = try #require(Self.errorList(page.body), "\(page.body.prefix(300))")
                let form = try #require(page.body.range(of: "class=\"form\""))
                let summary = try #require(page.body.range(of: "id=\"form-errors\""))
                let firstField = try #require(page.body.range(of: "<div class=\"field"))
                #expect(form.lowerBound < summary.lowerBound && summary.lowerBound < firstField.lowerBound)
                #expect(list.contains("data-autofocus"))
                #expect(list.contains("The form was not saved"))
                for field in fields { #expect(list.contains("href=\"#f-\(field)\""), "\(field): \(list)") }
                #expect(!list.contains("{") && !list.contains("error."), "\(list)")
            }
            #expect(orgPage.body.contains("<div id=\"flash\" class=\"notice\" role=\"status\">Organisation saved.</div>"))
            let sourceID = try #require(try await Source.query(on: app.db).first()?.id)
            #expect(sourcePage.body.contains("role=\"status\">Source no. \(sourceID) added.</div>"))
        }
    }

    @Test func courtDecisionFormNamesTheWrongLineAtItsTop() async throws {
        try await withApp { app in
            // setup
            let team = try await CaseTeam.make(app)
            let id = try await team.open("kara-tuman.example")
            try await team.walk(id, target: "kara-tuman.example", to: "submitted_to_court")
            let document = try #require(try await team.upload(team.legal, id, kind: "court_decision").json["id"] as? Int)
            let legal = Browser(app)
            try await legal.login("legal1", language: "ky")

            // MUT
            let page = try await legal.post("/cases/\(id)/transitions", [
                ("action", "record_court_decision"), ("outcome", "ordered"), ("court", "Бишкек шаардык соту"),
                ("number", "2-1/26"), ("date", "2026-01-15"), ("document_id", String(document)),
                ("targets", "kara-tuman.example\nmirror.kara-tuman.example\ncom.kg"),
            ])

            // validate
            #expect(page.status == .unprocessableEntity)
            let form = try #require(page.body.range(of: "id=\"action-record_court_decision\""))
            let list = try #require(Self.errorList(String(page.body[form.lowerBound...])))
            #expect(list.contains("href=\"#f-targets\""))
            #expect(list.contains("3-сап: «com.kg» — каттоочунун жалпы зонасы"))
            #expect(try await team.state(id) == "submitted_to_court")
        }
    }

    /// Internal and library reasons (English, naming tables or jobs) never reach a person or an API client.
    @Test(arguments: [
        AppError(status: .internalServerError, message: "blocklist_state has no row (migrations not run?)", literal: true)
            as any Error,
        Abort(.unprocessableEntity, reason: "no adapter reads website example"),
        Abort(.conflict, reason: "job 7 lost its lease"),
    ])
    func internalReasonsAreNotShown(error: any Error) async throws {
        try await withApp { app in
            for path in ["/cases", "/api/v1/cases"] {
                // setup
                let request = Request(application: app, method: .GET, url: URI(path: path), on: app.eventLoopGroup.next())

                // MUT
                let response = KaiguulErrorMiddleware.response(for: error, request: request)

                // validate
                let body = response.body.string ?? ""
                for leak in ["blocklist_state", "adapter", "lease", "error."] {
                    #expect(!body.contains(leak), "\(path): \(body.prefix(400))")
                }
                #expect(response.status.code >= 400)
            }
        }
    }

    /// A failed "capture now" says why in the reader's language, never the fetcher's English.
    @Test(arguments: [
        FetchFailure.invalidURL("x"), .unsupportedScheme("ftp"), .credentialsInURL,
        .addressRefused(host: "intranet.example", address: "10.0.0.1", reason: "private range"),
        .resolutionFailed(host: "nowhere.example", message: "NXDOMAIN"), .tooManyRedirects(10),
        .redirectWithoutLocation(status: 302), .unacceptableContentType("application/zip"), .connectTimeout,
        .readTimeout, .totalTimeout, .connectionFailed("ECONNRESET"), .cancelled, .invalidConfiguration("tls"),
    ])
    func captureFailuresReadAsSentences(failure: FetchFailure) {
        // MUT
        let error = AppError.captureFailed(field: "capture", failure: failure)

        // validate
        for language in [Language.ky, .ru] {
            let text = error.text(Translator(language: language))
            #expect(!text.contains("{") && !text.contains("capture.failed") && !text.contains(failure.description),
                    "\(language): \(text)")
            for english in ["timeout", "refused", "redirect", "NXDOMAIN", "ECONNRESET", "private range"] {
                #expect(!text.contains(english), "\(language): \(text)")
            }
        }
        #expect(AppError.captureFailed(field: "capture", status: 503).text(Translator(language: .en))
            == "The site answered with HTTP 503.")
    }

    @Test func courtTargetErrorsNameTheLine() throws {
        // setup
        let t = Translator(language: .en)
        let raw = TransitionRequest.Raw(action: "record_court_decision", document_id: "1", outcome: "ordered",
                                        court: "Bishkek City Court", number: "2-1/26", date: "2026-01-15",
                                        targets: "kara-tuman.example\n\n  https://t.me/\nok.example")

        // MUT
        let error = #expect(throws: AppError.self) { try TransitionRequest.validate(raw) }

        // validate
        #expect(error?.field == "targets")
        #expect(error?.text(t) == "Line 3: \u{201C}t.me\u{201D} is a shared platform: it cannot be blocked as a whole; "
            + "give the address of a page or account on it.")
        let ru = error?.text(Translator(language: .ru)) ?? ""
        #expect(ru.hasPrefix("Строка 3: "))
    }

    /// Every refusal of a target reads as a sentence in every language: no code, no key, no `{…}`.
    @Test(arguments: [
        "", String(repeating: "a", count: 5000), "exa mple.kg", "a..kg", String(repeating: "a", count: 64) + ".kg",
        String(repeating: "abcdefghi.", count: 30) + "kg", "-bad-.kg", "xn--zz.kg", "localhost", "example.123",
        "com.kg", "https://t.me/", "http://[::1", "ftp://example.kg/", "https://user:pw@example.kg/",
        "https://example.kg:99999/", "@bad/handle",
    ])
    func everyTargetRefusalIsASentence(input: String) throws {
        // MUT
        let error = #expect(throws: AppError.self) { try CaseInput.parseTarget(input, field: "target") }

        // validate
        for language in Language.allCases {
            let text = try #require(error).text(Translator(language: language))
            #expect(!text.contains("{") && !text.contains("target.error") && !text.contains("_"),
                    "\(language): \(text)")
        }
    }

    @Test func tooLongMessagesSayTheLimit() throws {
        // setup
        var raw = TransitionRequest.Raw(action: "record_court_decision", document_id: "1", outcome: "ordered",
                                        court: String(repeating: "c", count: 301), number: "1", date: "2026-01-15",
                                        targets: "example.kg")
        // MUT
        let court = #expect(throws: AppError.self) { try TransitionRequest.validate(raw) }
        raw.court = "Court"
        raw.targets = Array(repeating: "example.kg", count: TransitionRequest.maxTargetLines + 1).joined(separator: "\n")
        let lines = #expect(throws: AppError.self) { try TransitionRequest.validate(raw) }

        // validate
        let t = Translator(language: .en)
        #expect(court?.text(t) == "Too long: at most 300 characters.")
        #expect(lines?.text(t) == "Too many lines: at most \(TransitionRequest.maxTargetLines).")
    }

    @Test func scriptIsServedAndLoadedByEveryPage() async throws {
        try await withApp { app in
            // setup
            let browser = Browser(app)

            // MUT
            let script = try await browser.get("/static/app.js")
            let login = try await browser.get("/login")

            // validate
            #expect(script.status == .ok)
            #expect(script.headers.contentType?.subType == "javascript")
            #expect(script.body.contains("[data-autofocus]"))
            #expect(script.body.contains("button[data-copy]"))
            #expect(login.body.contains("<script src=\"/static/app.js\" defer></script>"))
            #expect(login.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
        }
    }

    @Test func aVisitorsFlashCookieCanOnlyNameOurConfirmations() throws {
        // setup
        let ours = Flash.encode(.init(key: "flash.saved", values: [:])) ?? ""
        let foreign = Flash.encode(.init(key: "error.internal", values: [:])) ?? ""
        let huge = Flash.encode(.init(key: "flash.saved", values: ["x": String(repeating: "y", count: 500)])) ?? ""

        // MUT + validate
        #expect(Flash.decode(ours)?.key == "flash.saved")
        #expect(Flash.decode(foreign) == nil)
        #expect(Flash.decode(huge) == nil)
        #expect(Flash.decode("%%%not-base64") == nil)
    }
}
