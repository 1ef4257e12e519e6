import Fluent
import KaiguulCore
import Testing
import Vapor

@testable import App

/// A source's capture mode (`http`, `browser`, `video`) through the form, the show page and the API:
/// stored, shown in the reader's language, audited, and refused where the mode cannot read the kind.
@Suite("Sources: capture mode") struct SourceCaptureModeTests {
    @Test func theFormStoresABrowserModeAndTheShowPageNamesIt() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice", language: "ru")
            let form = try await browser.get("/sources/new")
            #expect(form.body.contains("name=\"capture_mode\""))
            #expect(form.body.contains("<option value=\"browser\">Браузер</option>"))
            // MUT
            let created = try await browser.post("/sources", [
                ("kind", "website"), ("capture_mode", "browser"), ("address", "https://kara-tuman.example/news"),
                ("check_interval_minutes", "60"), ("status", "active"),
            ])
            // validate
            #expect(created.status == .seeOther)
            let source = try #require(try await Source.query(on: app.db).first())
            #expect(source.captureMode == "browser")
            let show = try await browser.get("/sources/\(source.id ?? 0)")
            #expect(show.body.contains("<dt>Способ сбора</dt><dd>Браузер</dd>"))
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "source.create").first())
            #expect(audit.details.contains("\"capture_mode\":\"browser\""))
            // The edit form starts from the stored mode.
            let edit = try await browser.get("/sources/\(source.id ?? 0)/edit")
            #expect(edit.body.contains("<option value=\"browser\" selected>"))
        }
    }

    @Test func aSourceWithoutAModeIsReadOverHTTP() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice")
            // MUT
            try await browser.post("/sources", [("kind", "telegram"), ("address", "@kara_tuman_demo")])
            // validate
            let source = try #require(try await Source.query(on: app.db).first())
            #expect(source.captureMode == "http")
        }
    }

    @Test func aModeThatCannotReadTheKindIsRefusedAndNothingIsWritten() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("alice", role: .analyst)
            let browser = Browser(app)
            try await browser.login("alice", language: "en")
            for (kind, mode, address) in [("rss", "browser", "https://kara-tuman.example/feed.xml"),
                                          ("rss", "video", "https://kara-tuman.example/feed.xml"),
                                          ("telegram", "video", "@kara_tuman_demo"),
                                          ("youtube", "browser", "https://www.youtube.com/@kara_tuman_demo"),
                                          ("website", "screenshot", "https://kara-tuman.example/")] {
                // MUT
                let page = try await browser.post("/sources", [("kind", kind), ("capture_mode", mode), ("address", address)])
                // validate
                #expect(page.status == .unprocessableEntity, "\(kind) \(mode)")
                #expect(page.body.contains("id=\"e-capture_mode\""), "\(kind) \(mode)")
                let message = mode == "screenshot" ? "Unknown value." : "A source of this kind cannot be read in this mode."
                #expect(page.body.contains(message), "\(kind) \(mode)")
            }
            #expect(try await Source.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "source.create").count() == 0)
        }
    }

    @Test func theRuleListsWhatEachModeReads() {
        #expect(CaptureMode.modes(for: .rss) == [.http])
        #expect(CaptureMode.modes(for: .youtube) == [.http, .video])
        #expect(CaptureMode.modes(for: .telegram) == [.http, .browser])
        #expect(CaptureMode.modes(for: .website) == [.http, .browser, .video])
        for kind in [SourceKind.tiktok, .vk, .ok, .instagram, .facebook, .other] {
            #expect(CaptureMode.modes(for: kind) == [.http, .browser, .video], "\(kind)")
        }
    }

    @Test func theAPICreatesKeepsAndRefusesModes() async throws {
        try await withApp { app in
            // setup
            let api = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("alice", role: .analyst)))
            // MUT
            let created = try await api.send(.POST, "/sources",
                                              json: #"{"kind":"tiktok","address":"https://www.tiktok.com/@kara_tuman_demo","capture_mode":"video"}"#)
            // validate
            #expect(created.status == .created)
            #expect(created.json["capture_mode"] as? String == "video")
            let id = try #require(created.json["id"] as? Int)
            #expect(try await Source.find(id, on: app.db)?.captureMode == "video")

            // An update that leaves the mode out keeps it.
            let renamed = try await api.send(.PATCH, "/sources/\(id)", json: #"{"title":"Kara Tuman clips"}"#)
            #expect(renamed.status == .ok)
            #expect(renamed.json["capture_mode"] as? String == "video")

            // Changing the kind to one the stored mode cannot read is refused on the mode's field.
            let toFeed = try await api.send(.PATCH, "/sources/\(id)",
                                            json: #"{"kind":"rss","address":"https://kara-tuman.example/feed.xml"}"#)
            #expect(toFeed.status == .unprocessableEntity)
            #expect(toFeed.json["field"] as? String == "capture_mode")
            #expect(try await Source.find(id, on: app.db)?.kind == "tiktok")

            let unknown = try await api.send(.PATCH, "/sources/\(id)", json: #"{"capture_mode":"pdf"}"#)
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.json["field"] as? String == "capture_mode")

            let back = try await api.send(.PATCH, "/sources/\(id)", json: #"{"capture_mode":"http"}"#)
            #expect(back.json["capture_mode"] as? String == "http")
            let listed = try await api.send(.GET, "/sources")
            let items = try #require(listed.json["items"] as? [[String: Any]])
            #expect(items.first?["capture_mode"] as? String == "http")
        }
    }

    /// openapi.yaml names the field and its values where the API reads and writes it.
    @Test func theContractDocumentsTheMode() async throws {
        try await withApp { app in
            let yaml = try await APIClient(app: app, token: nil).send(.GET, "/openapi.yaml").body
            #expect(yaml.contains("    CaptureMode:\n      type: string\n"))
            #expect(yaml.contains("enum: [\(CaptureMode.allCases.map(\.rawValue).joined(separator: ", "))]"))
            #expect(yaml.contains("capture_mode: { $ref: \"#/components/schemas/CaptureMode\" }"))
            #expect(yaml.contains("found_by, notes, capture_mode]"))
        }
    }
}
