import Detection
import Evidence
import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Testing
import Vapor

@testable import App

/// The mirror test on loopback sites: a blocked site; a second site with the same favicon,
/// the same analytics ID and nearly the same text is proposed as its mirror; a site on the same CMS
/// theme (same favicon, same menus) with other text and other IDs is not. Accepting the proposal
/// opens the linked case through the original case's `report_mirror` step.
@Suite(.serialized) struct MirrorDetectionTests {
    static let icon: [UInt8] = Array("\u{0}\u{0}\u{1}\u{0}fictional theme icon, the same on every site of the theme".utf8)

    static let article = """
        Жаңылыктар: шаардын борборунда жаңы китепкана ачылды, анда балдар үчүн окуу залы жана компьютер \
        классы бар. Китепкананын директору окурмандарды жума күнү саат ондон кечки алтыга чейин күтөт деди. \
        Ачылыш аземине мектеп окуучулары, мугалимдер жана ата-энелер катышты, китептердин көргөзмөсү болду. \
        Уюштуруучулар кийинки айда жазуучулар менен жолугушуу өткөрүүнү пландашууда.
        """
    static let other = """
        Аба ырайы: эртең тоолуу аймактарда жаан-чачын күтүлөт, түндүк шамал секундасына он метрге чейин \
        күчөйт. Айыл чарба кызматкерлерине түшүмдү жыйноону шаршемби күнгө чейин бүтүрүү сунушталат, \
        жолдордо муз тоңушу мүмкүн, айдоочулар этият болушу керек. Шаарда абанын температурасы төмөндөйт.
        """

    /// One fictional CMS theme: menus, footer and icon shared; the site's name, text and IDs its own.
    static func themed(host: String, title: String, text: String, analytics: String) -> String {
        """
        <!doctype html><html><head><meta charset="utf-8"><title>\(title)</title>
        <link rel="icon" href="https://\(host)/favicon.ico">
        <script>window.dataLayer=[];function gtag(){dataLayer.push(arguments)}gtag('config','\(analytics)');</script>
        <script async src="https://www.googletagmanager.com/gtag/js?id=\(analytics)"></script>
        </head><body><nav>Башкы бет · Биз жөнүндө · Байланыш · Издөө</nav>
        <main><img class="site-logo" src="https://\(host)/logo.png" alt=""><h1>\(title)</h1><p>\(text)</p></main>
        <footer>Тема: Ала-Тоо Пресс (ойдон чыгарылган) · Бардык укуктар корголгон</footer></body></html>
        """
    }

    static func route(_ path: String) -> SiteServer.Reply {
        switch path {
        case "/ext/kara-tuman.example/":
            .ok(themed(host: "kara-tuman.example", title: "Кара Туман", text: article, analytics: "UA-4811302-7"))
        case "/ext/kt-mirror.example/":
            .ok(themed(host: "kt-mirror.example", title: "Кара Туман — күзгү", text: article + " Жаңы дарек.",
                       analytics: "UA-4811302-7"))
        case "/ext/weather.example/":
            .ok(themed(host: "weather.example", title: "Аба ырайы", text: other, analytics: "G-9QX2K7RL4M"))
        case "/ext/kara-tuman.example/favicon.ico", "/ext/kt-mirror.example/favicon.ico", "/ext/weather.example/favicon.ico":
            .ok(icon, type: "image/x-icon")
        case "/ext/kara-tuman.example/logo.png", "/ext/kt-mirror.example/logo.png", "/ext/weather.example/logo.png":
            // The theme's logo picture, the same on every site (a photograph from the PDQ fixtures).
            (try? MonitoringFixtures.bytes("pdq/images/pen-and-coaster.png")).map { .ok($0, type: "image/png") } ?? .notFound
        default:
            .notFound
        }
    }

    @Test func aMirrorIsProposedAndAcceptedAndASiteOnTheSameThemeIsNot() async throws {
        let server = try await SiteServer.start(Self.route)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: the blocked site, its capture held by its case
            let team = try await CaseTeam.make(app)
            try app.useTestMonitoring(server: server)
            let analystID = try #require(try await User.query(on: app.db).filter(\.$username == "analyst1").first()?.id)
            let analyst = CaseStore.Actor(userID: analystID, role: .analyst, label: "analyst1")
            let original = try await team.open("kara-tuman.example")
            _ = try await CaseCapture.captureTarget(caseID: original, note: "", actor: analyst, app: app)
            try await team.walk(original, target: "kara-tuman.example", to: "blocked")
            let mirrorSource = try await app.makeSource(.website, "https://kt-mirror.example/")
            let themeSource = try await app.makeSource(.website, "https://weather.example/")

            // MUT: both sites are checked; each check queues a mirror_check the worker runs
            _ = try await CapturePipeline.check(sourceID: mirrorSource, job: nil, app: app)
            _ = try await CapturePipeline.check(sourceID: themeSource, job: nil, app: app)
            guard let sql = app.db as? any SQLDatabase else { throw TestFailure("no SQL") }
            struct Count: Decodable { var n: Int }
            let queued = try await sql.raw("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'mirror_check'")
                .first(decoding: Count.self)?.n
            #expect(queued == 2)
            let worker = Worker(app: app)
            while try await worker.runOne() {}

            // validate: one proposal, on the mirror's item, with the evidence of the likeness
            let signals = try await sql.raw("""
                SELECT g.item_id, g.details, i.source_id, i.triage_level FROM signals g JOIN items i ON i.id = g.item_id \
                WHERE g.kind = 'mirror'
                """).all(decoding: SignalRow.self)
            #expect(signals.count == 1)
            let row = try #require(signals.first)
            #expect(row.source_id == mirrorSource)
            #expect(row.triage_level != nil)
            let signal = try #require(MirrorSignal.decode(row.details))
            #expect(signal.case_id == original && signal.original_host == "kara-tuman.example")
            #expect(signal.candidate_host == "kt-mirror.example")
            let agreed = Set(signal.agreements.map(\.kind))
            #expect(agreed.isSuperset(of: [.tracker, .favicon, .text, .logo]), "\(signal.agreements)")
            #expect(!agreed.contains(.tls))
            #expect(signal.agreements.contains { $0.kind == .tracker && $0.value == "ga:UA-4811302-7" })
            #expect(signal.score >= MirrorLikeness.threshold)
            // The icon the proposal rests on is evidence: a recorded capture of the mirror's page.
            let iconCapture = try #require(try await Capture.find(try #require(signal.favicon_capture_id), on: app.db))
            #expect(iconCapture.role == "favicon" && iconCapture.parentCaptureID == signal.capture_id)
            #expect(iconCapture.payloadSHA256 == Evidence.sha256Hex(Self.icon))

            // The theme's site was fingerprinted, shares the icon, and is not proposed.
            let theme = try #require(try await SiteFingerprintRecord.query(on: app.db)
                .filter(\.$host == "weather.example").first())
            let blocked = try #require(try await SiteFingerprintRecord.query(on: app.db)
                .filter(\.$caseID == original).first())
            #expect(theme.faviconMMH3 != nil && theme.faviconMMH3 == blocked.faviconMMH3)
            #expect(theme.faviconMMH3 == Int(FaviconHash.shodan(Self.icon) ?? 0))
            #expect(theme.logoPDQ != nil && theme.logoPDQ == blocked.logoPDQ)
            #expect(!MirrorLikeness.compare(SiteFingerprints.fingerprint(of: theme),
                                            with: SiteFingerprints.fingerprint(of: blocked)).isCandidate)
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "mirror.propose").count()
            #expect(audit == 1)

            // The queue shows it, filtered by its kind, in the reader's language.
            let browser = Browser(app)
            try await browser.login("analyst1")
            let queue = try await browser.get("/triage?signal_kind=mirror")
            #expect(queue.status == .ok)
            #expect(queue.body.contains("id=\"mirror-\(row.item_id)-\(original)\""))
            #expect(queue.body.contains("kt-mirror.example"))
            #expect(queue.body.contains("ga:UA-4811302-7"))
            #expect(queue.body.contains("href=\"/triage/mirrors/\(row.item_id)/\(original)\""))
            #expect(!queue.body.contains("weather.example"))
            let item = try await browser.get("/items/\(row.item_id)")
            #expect(item.body.contains("id=\"mirror-\(row.item_id)-\(original)\""))
            let review = try await browser.get("/triage/mirrors/\(row.item_id)/\(original)")
            #expect(review.status == .ok)
            #expect(review.body.contains("action=\"/triage/mirrors/\(row.item_id)/\(original)/accept\""))
            #expect(review.body.contains(Translator(language: .ky)("mirror.agreement.tracker")))

            // MUT: the analyst accepts it (the decision's wording covers mirrors)
            try await sql.raw("UPDATE court_decisions SET covers_mirrors = \(bind: true) WHERE case_id = \(bind: original)").run()
            let accepted = try await browser.post("/triage/mirrors/\(row.item_id)/\(original)/accept", [("note", "")])

            // validate: a linked case on the original decision, holding the mirror's page, icon and item; the note
            // on the decision's reach in the analyst's language (Kyrgyz, the default)
            #expect(accepted.status == .seeOther || accepted.status == .found, "\(accepted.body.prefix(400))")
            let linked = try #require(try await CaseRecord.query(on: app.db).filter(\.$parentCaseID == original).first())
            let linkedID = try linked.requireID()
            #expect(accepted.headers.first(name: .location) == "/cases/\(linkedID)")
            #expect(linked.target == "kt-mirror.example" && linked.state == "new")
            let evidence = try await CaseEvidence.query(on: app.db).filter(\.$caseID == linkedID).all()
            #expect(evidence.contains { $0.kind == "capture" && $0.captureID == signal.capture_id })
            #expect(evidence.contains { $0.captureID == signal.favicon_capture_id })
            #expect(evidence.contains { $0.kind == "item" && $0.itemID == row.item_id })
            #expect(evidence.contains { $0.kind == "document" })
            let notes = try await CaseEvent.query(on: app.db).filter(\.$caseID == linkedID).filter(\.$action == "comment").all()
            let covered = Translator(language: .ky)("mirror.note.covered", ["number": "D-\(original)", "case": String(original)])
            #expect(notes.contains { $0.grounds == covered }, "\(notes.map(\.grounds))")
            #expect(try await team.state(original) == "blocked")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "mirror.accept").count() == 1)

            // A later check of the changed page (a new item version) proposes nothing again: the site is a case now.
            server.setRoute { path in
                path == "/ext/kt-mirror.example/"
                    ? .ok(Self.themed(host: "kt-mirror.example", title: "Кара Туман — күзгү",
                                      text: Self.article + " Жаңы дарек. Дагы бир сап.", analytics: "UA-4811302-7"))
                    : Self.route(path)
            }
            let again = try await CapturePipeline.check(sourceID: mirrorSource, job: nil, app: app)
            #expect(again.changedItems == 1)
            let newest = try #require(try await Capture.query(on: app.db).filter(\.$sourceID == mirrorSource)
                .filter(\.$role == "page").sort(\.$id, .descending).first()?.id)
            #expect(newest != signal.capture_id)
            #expect(try await MirrorCheck.run(captureIDs: [newest], app: app).isEmpty)
        }
    }

    @Test func anotherRoleCannotAccept() async throws {
        let server = try await SiteServer.start(Self.route)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let team = try await CaseTeam.make(app)
            try app.useTestMonitoring(server: server)
            let analystID = try #require(try await User.query(on: app.db).filter(\.$username == "analyst1").first()?.id)
            let original = try await team.open("kara-tuman.example")
            _ = try await CaseCapture.captureTarget(caseID: original, note: "",
                                                    actor: .init(userID: analystID, role: .analyst, label: "analyst1"),
                                                    app: app)
            try await team.walk(original, target: "kara-tuman.example", to: "blocked")
            let source = try await app.makeSource(.website, "https://kt-mirror.example/")
            let report = try await CapturePipeline.check(sourceID: source, job: nil, app: app)
            #expect(report.pages == 1)
            let pages = try await Capture.query(on: app.db).filter(\.$sourceID == source).filter(\.$role == "page").all()
            let proposals = try await MirrorCheck.run(captureIDs: pages.compactMap(\.id), app: app)
            let proposal = try #require(proposals.first)

            // MUT: legal tries to accept it (the review page shows legal no form)
            let browser = Browser(app)
            try await browser.login("legal1")
            let review = try await browser.get("/triage/mirrors/\(proposal.itemID)/\(original)")
            #expect(!review.body.contains("id=\"mirror-accept\""))
            let refused = try await browser.post("/triage/mirrors/\(proposal.itemID)/\(original)/accept", [("note", "")])

            // validate: refused, nothing opened
            #expect(refused.status == .forbidden || refused.status == .notFound, "\(refused.status)")
            #expect(try await CaseRecord.query(on: app.db).filter(\.$parentCaseID == original).count() == 0)
            // And an unknown proposal is a 404 for the analyst.
            let analyst = Browser(app)
            try await analyst.login("analyst1")
            let unknown = try await analyst.post("/triage/mirrors/\(proposal.itemID)/999999/accept", [("note", "")])
            #expect(unknown.status == .notFound)
        }
    }

    @Test func aSiteNamedInTheOriginalsCertificateIsProposed() async throws {
        let server = try await SiteServer.start(Self.route)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: the blocked site, and its control measurement whose certificate also names weather.example
            let team = try await CaseTeam.make(app)
            try app.useTestMonitoring(server: server)
            let analystID = try #require(try await User.query(on: app.db).filter(\.$username == "analyst1").first()?.id)
            let original = try await team.open("kara-tuman.example")
            _ = try await CaseCapture.captureTarget(caseID: original, note: "",
                                                    actor: .init(userID: analystID, role: .analyst, label: "analyst1"),
                                                    app: app)
            try await team.walk(original, target: "kara-tuman.example", to: "blocked")
            let order = try #require(try await BlockOrder.query(on: app.db).filter(\.$caseID == original).first())
            let source = try await app.makeSource(.website, "https://weather.example/")
            _ = try await CapturePipeline.check(sourceID: source, job: nil, app: app)
            let pages = try await Capture.query(on: app.db).filter(\.$sourceID == source).filter(\.$role == "page").all()
                .compactMap(\.id)
            // Same theme, other text and IDs: nothing yet.
            #expect(try await MirrorCheck.run(captureIDs: pages, app: app).isEmpty)
            let measured = SiteMeasurement(
                orderID: order.id, target: "kara-tuman.example", url: "https://kara-tuman.example/", measuredAt: Date(),
                dns: .init(resolver: "control", addresses: ["192.0.2.7"]),
                tls: .init(serverName: "kara-tuman.example", address: "192.0.2.7", handshake: true,
                           certificateNames: ["kara-tuman.example", "weather.example"]))
            let row = MeasurementRecord()
            row.blockOrderID = order.id
            row.target = "kara-tuman.example"
            row.vantage = MeasurementVantage.control.rawValue
            row.measuredAt = Date()
            row.receivedAt = Date()
            row.verdict = "accessible"
            row.reasons = "[]"
            row.raw = String(decoding: try SiteMeasurement.encoder().encode(measured), as: UTF8.self)
            try await row.create(on: app.db)

            // MUT
            let proposals = try await MirrorCheck.run(captureIDs: pages, app: app)

            // validate: proposed on the certificate's word, with the name it shares
            let proposal = try #require(proposals.first)
            #expect(proposals.count == 1)
            #expect(proposal.signal.agreements.contains { $0.kind == .tls && $0.value == "weather.example" })
            #expect(!proposal.signal.agreements.contains { $0.kind == .tracker || $0.kind == .text })
            // The unchanged page was fingerprinted once, and its icon capture found again for the proposal.
            #expect(try await SiteFingerprintRecord.query(on: app.db).filter(\.$host == "weather.example").count() == 1)
            #expect(proposal.signal.favicon_capture_id != nil)
        }
    }

    struct SignalRow: Decodable {
        var item_id: Int
        var details: String
        var source_id: Int
        var triage_level: Int?
    }
}
