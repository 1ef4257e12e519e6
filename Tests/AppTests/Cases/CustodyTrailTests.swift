import Evidence
import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

/// Custody: every opening, download and packaging of a case's evidence is exactly one audit row
/// naming the person, the cases and the digest of what left, written before the bytes go; the
/// case page lists these rows. Over captures the real pipeline made from a loopback site
/// (`CasePackageTests.fixture`).
@Suite(.serialized) struct CustodyTrailTests {
    /// The custody rows written since `seq`, oldest first.
    static func rows(after seq: Int, _ app: Application) async throws -> [AuditEntry] {
        let names = Custody.Action.all.map(\.name)
        return try await AuditEntry.query(on: app.db).filter(\.$seq > seq).filter(\.$action ~~ names).sort(\.$seq).all()
    }

    static func lastSeq(_ app: Application) async throws -> Int {
        try await AuditEntry.query(on: app.db).sort(\.$seq, .descending).first()?.seq ?? 0
    }

    static func details(_ row: AuditEntry) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(row.details.utf8))
    }

    /// The forum page's item (the one with the banner image), its capture and its image.
    static func page(_ app: Application, _ f: CasePackageTests.Fixture) async throws
        -> (item: Item, capture: Capture, media: StoredMedia, mediaCapture: Capture)
    {
        for id in f.itemIDs {
            let item = try #require(try await Item.find(id, on: app.db))
            if let media = StoredMedia.decodeList(item.media).first, media.sha256 != nil,
                let mediaCaptureID = media.captureID
            {
                let captureID = try #require(item.captureID)
                let capture = try #require(try await Capture.find(captureID, on: app.db))
                let mediaCapture = try #require(try await Capture.find(mediaCaptureID, on: app.db))
                return (item, capture, media, mediaCapture)
            }
        }
        throw TestFailure("no item with an image")
    }

    @Test func eachOpeningDownloadAndPackageIsOneRowWithItsDigestAndTheCasePageListsThem() async throws {
        let server = try await SiteServer.start(CasePackageTests.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: the referred expert has a name that is markup; the analyst reads everything
            let f = try await CasePackageTests.fixture(app, server: server)
            let expert = try #require(try await User.find(f.team.expertID, on: app.db))
            expert.displayName = "Aigul <b>\"Expert\"</b> & Co"
            try await expert.update(on: app.db)
            let (item, capture, media, mediaCapture) = try await Self.page(app, f)
            let itemID = try item.requireID(), captureID = try capture.requireID()
            let browser = Browser(app)
            try await browser.login("expert1")
            var seq = try await Self.lastSeq(app)

            // MUT 1: the expert views the archived copy of the case's page (banner page, then the copy)
            #expect(try await browser.get("/captures/\(captureID)/archived").status == .ok)
            let copy = try await browser.get("/captures/\(captureID)/archived/content")
            // validate 1: one row, the capture's payload digest, the person and the case
            #expect(copy.status == .ok)
            var rows = try await Self.rows(after: seq, app)
            #expect(rows.map(\.action) == ["capture.open"])
            let open = try #require(rows.first)
            var details = try Self.details(open)
            #expect(open.actorID == f.team.expertID && open.actorLabel == "expert1")
            #expect(open.objectType == "capture" && open.objectID == String(captureID))
            #expect(details["sha256"] == capture.payloadSHA256 && details["sha256"]?.count == 64)
            #expect(details["record_digests"] == capture.recordDigests)
            #expect(details["case_ids"] == String(f.caseID))
            #expect(details["role"] == "expert" && details["person"]?.contains("expert1") == true)
            seq = open.seq

            // MUT 2: the expert downloads the page's image
            let file = try await browser.get("/items/\(itemID)/media/0")
            // validate 2: one row naming the image's capture, with the blob's digest (= the bytes sent)
            #expect(file.status == .ok)
            rows = try await Self.rows(after: seq, app)
            #expect(rows.map(\.action) == ["media.download"])
            let download = try #require(rows.first)
            details = try Self.details(download)
            let mediaCaptureID = try mediaCapture.requireID()
            #expect(download.objectType == "capture" && download.objectID == String(mediaCaptureID))
            #expect(details["sha256"] == media.sha256 && details["sha256"] == sha256Hex(file.bytes))
            #expect(details["case_ids"] == String(f.caseID) && details["item_id"] == String(itemID))
            seq = download.seq

            // MUT 3: the expert takes the case's package through the API
            let package = try await CasePackageTests.download(
                app, "/cases/\(f.caseID)/package.wacz", token: f.team.expert.token)
            // validate 3: one row with the package's digest
            #expect(package.status == .ok)
            rows = try await Self.rows(after: seq, app)
            #expect(rows.map(\.action) == ["case.package"])
            let packaged = try #require(rows.first)
            details = try Self.details(packaged)
            #expect(packaged.objectType == "case" && packaged.objectID == String(f.caseID))
            #expect(details["sha256"] == sha256Hex(package.bytes))
            #expect(details["sha256"] == package.headers.first(name: "X-Kaiguul-Package-SHA256"))
            #expect(details["case_ids"] == String(f.caseID) && details["role"] == "expert")
            seq = packaged.seq
            // and the package carries the custody before it: the opening and the download, with their hashes
            let temp = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-custody-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: temp) }
            let unzipped = try CasePackageTests.unzip(package.bytes, in: temp)
            let manifest = try JSONDecoder().decode(
                CustodyManifest.self, from: Data(contentsOf: unzipped.appendingPathComponent("custody/manifest.json")))
            let carried = (manifest.auditTrail ?? []).filter { ["capture.open", "media.download"].contains($0.action) }
            #expect(carried.map(\.hash) == [open.hash, download.hash])
            #expect(carried.first?.details["sha256"] == capture.payloadSHA256)
            #expect(manifest.auditTrail.map { $0.map(\.seq) == $0.map(\.seq).sorted() } == true)

            // MUT 4: the court packet, and the raw record of the page
            let packet = try await browser.get("/cases/\(f.caseID)/court-packet?lang=ru")
            let record = try await browser.get("/captures/\(captureID)/record")
            // validate 4: one row each, the packet's digest is the page sent
            #expect(packet.status == .ok && record.status == .ok)
            rows = try await Self.rows(after: seq, app)
            #expect(rows.map(\.action) == ["court_packet.open", "capture.download"])
            #expect(try Self.details(rows[0])["sha256"] == sha256Hex(packet.bytes))
            #expect(try Self.details(rows[1])["sha256"] == capture.payloadSHA256)
            #expect(try Self.details(rows[1])["file_sha256"] == sha256Hex(record.bytes))

            // MUT 5: an analyst opens the item (every reader's opening is a row, not only an expert's)
            let analyst = Browser(app)
            try await analyst.login("analyst1")
            #expect(try await analyst.get("/items/\(itemID)").status == .ok)
            let analystID = try #require(try await User.query(on: app.db).filter(\.$username == "analyst1").first()?.id)
            let itemOpen = try #require(try await Self.rows(after: rows[1].seq, app).first)
            #expect(itemOpen.action == "item.open" && itemOpen.actorID == analystID)
            #expect(itemOpen.objectType == "item" && itemOpen.objectID == String(itemID))

            // MUT 6: the case page
            let casePage = try await analyst.get("/cases/\(f.caseID)")

            // validate 6: the custody section lists the six rows, newest first, the name escaped,
            // each digest shortened with the whole one in the title
            #expect(casePage.status == .ok)
            let body = casePage.body
            #expect(body.contains("id=\"custody-trail\""))
            let listed = Self.attributes("data-action", in: body)
            #expect(listed == ["item.open", "capture.download", "court_packet.open", "case.package",
                               "media.download", "capture.open"], "\(listed)")
            let seqs = Self.attributes("data-seq", in: body).compactMap(Int.init)
            #expect(seqs == seqs.sorted(by: >) && seqs.count == 6)
            #expect(body.contains("Aigul &lt;b&gt;&quot;Expert&quot;&lt;/b&gt; &amp; Co (expert1)")
                || body.contains("Aigul &lt;b&gt;\"Expert\"&lt;/b&gt; &amp; Co (expert1)"))
            #expect(!body.contains("<b>\"Expert\"</b>"))
            for sha in [try #require(capture.payloadSHA256), try #require(media.sha256), sha256Hex(package.bytes)] {
                #expect(body.contains("title=\"\(sha)\""), "\(sha)")
                #expect(body.contains(">\(sha.prefix(16))…<"), "\(sha)")
            }
            #expect(body.contains("data-total=\"6\""))
        }
    }

    @Test func someoneWhoMayNotHaveTheEvidenceGetsNothingAndLeavesNoCustody() async throws {
        let server = try await SiteServer.start(CasePackageTests.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: the case is referred to expert1; expert2 and a volunteer are outsiders
            let f = try await CasePackageTests.fixture(app, server: server)
            let (item, capture, _, _) = try await Self.page(app, f)
            let itemID = try item.requireID(), captureID = try capture.requireID()
            try await app.makeUser("volunteer1", role: .volunteer)
            let seq = try await Self.lastSeq(app)

            for (name, refused) in [("expert2", HTTPResponseStatus.notFound), ("volunteer1", .forbidden)] {
                let browser = Browser(app)
                try await browser.login(name)
                // MUT
                let answers = [
                    try await browser.get("/captures/\(captureID)/archived/content").status,
                    try await browser.get("/captures/\(captureID)/record").status,
                    try await browser.get("/items/\(itemID)").status,
                    try await browser.get("/items/\(itemID)/media/0").status,
                    try await browser.get("/cases/\(f.caseID)/package.wacz").status,
                    try await browser.get("/cases/\(f.caseID)/court-packet").status,
                ]
                // validate: refused, and nothing recorded as having left
                #expect(answers.allSatisfy { $0 == refused }, "\(name) \(answers)")
            }
            #expect(try await Self.rows(after: seq, app).isEmpty)
            let stranger = Browser(app)
            try await stranger.login("expert2")
            #expect(try await stranger.get("/cases/\(f.caseID)").status == .notFound)
        }
    }

    @Test func evidenceNeverLeavesWhenItsRowCannotBeWritten() async throws {
        let server = try await SiteServer.start(CasePackageTests.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: the database refuses every new custody row (as a full disk or a lost
            // connection would), nothing else
            let f = try await CasePackageTests.fixture(app, server: server)
            let (item, capture, _, _) = try await Self.page(app, f)
            let itemID = try item.requireID(), captureID = try capture.requireID()
            try await Self.refuseCustodyRows(app)
            let seq = try await Self.lastSeq(app)
            let browser = Browser(app)
            try await browser.login("expert1")

            // MUT
            let answers = [
                ("archived", try await browser.get("/captures/\(captureID)/archived/content")),
                ("record", try await browser.get("/captures/\(captureID)/record")),
                ("media", try await browser.get("/items/\(itemID)/media/0")),
                ("item", try await browser.get("/items/\(itemID)")),
                ("packet", try await browser.get("/cases/\(f.caseID)/court-packet")),
            ]
            let package = try await CasePackageTests.download(
                app, "/cases/\(f.caseID)/package.wacz", token: f.team.expert.token)

            // validate: an error each time, and none of the evidence in the answer
            for (what, page) in answers {
                #expect(page.status == .internalServerError, "\(what) \(page.status)")
                #expect(!page.body.contains("Fictional Dawn Circle"), "\(what)")
                #expect(!page.bytes.starts(with: CasePackageTests.png.prefix(8)), "\(what)")
            }
            #expect(package.status == .internalServerError)
            #expect(!package.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            #expect(try await Self.rows(after: seq, app).isEmpty)
        }
    }

    @Test func theSectionIsBoundedAndFollowsEvidenceWhereverItWasOpened() async throws {
        let server = try await SiteServer.start(CasePackageTests.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: a second case holding only the page's image, a third only the page (whose
            // image is then its evidence too, as the archived view shows it), and 104 openings of the page
            let f = try await CasePackageTests.fixture(app, server: server)
            let (item, capture, _, mediaCapture) = try await Self.page(app, f)
            let captureID = try capture.requireID(), itemID = try item.requireID()
            let other = try await f.team.open("https://other-dawn.example/", title: "Image only")
            let pageOnly = try await f.team.open("https://third-dawn.example/", title: "Page only")
            for (caseID, held) in [(other, try mediaCapture.requireID()), (pageOnly, captureID)] {
                let attached = try await f.team.analyst.send(
                    .POST, "/cases/\(caseID)/evidence", json: json(["capture_ids": [held]]))
                #expect(attached.status == .created, "\(attached.body)")
            }
            let expert = try #require(try await User.find(f.team.expertID, on: app.db))
            let user = CurrentUser(id: f.team.expertID, username: expert.username, displayName: expert.displayName,
                                   role: .expert, viaToken: false)
            for _ in 0..<104 {
                try await Custody.record(.captureOpen, .capture(captureID), user: user, sha256: capture.payloadSHA256,
                                         app: app)
            }
            // and the command line packages the case (`kaiguul case package`)
            let out = app.kaiguul.dataDirectory.appendingPathComponent("case.wacz")
            let record = try #require(try await CaseRecord.find(f.caseID, on: app.db))
            let summary = try await CasePackage.write(record, to: out, actor: .commandLine,
                                                      packagedBy: Custody.commandLinePerson, app: app)

            // MUT: the analyst downloads the image (through the first case's item) and reads both cases
            let analyst = Browser(app)
            try await analyst.login("analyst1")
            #expect(try await analyst.get("/items/\(itemID)/media/0").status == .ok)
            let first = try await CustodyTrail.query(caseID: f.caseID, on: app.db)
            let second = try await CustodyTrail.query(caseID: other, on: app.db)
            let third = try await CustodyTrail.query(caseID: pageOnly, on: app.db)
            let page = try await analyst.get("/cases/\(f.caseID)")

            // validate: 104 + package + download = 106 rows, 100 shown, newest first
            #expect(first.total == 106 && first.rows.count == CustodyTrail.limit)
            #expect(first.rows.map(\.action).prefix(2) == ["media.download", "case.package"])
            #expect(first.rows[1].person == nil && first.rows[1].actor_label == "cli")
            #expect(first.rows[1].detailValues["sha256"] == summary.wacz.sha256)
            #expect(page.body.contains("data-total=\"106\""))
            #expect(Self.attributes("data-seq", in: page.body).count == CustodyTrail.limit)
            #expect(page.body.contains(Custody.commandLinePerson))
            // the image's download is custody of the case that holds only the image, and nothing else is
            #expect(second.total == 1 && second.rows.map(\.action) == ["media.download"])
            #expect(third.total == 105 && third.rows.first?.action == "media.download")
        }
    }

    /// Every key the custody section composes exists in every language.
    @Test func everyActionKindAndObjectIsSaid() {
        var keys = Custody.Action.all.map { "custody.action.\($0.name)" }
        keys += Custody.Kind.allCases.map { "custody.kind.\($0.rawValue)" }
        keys += ["capture", "item", "document", "case"].map { "custody.object.\($0)" }
        for key in keys {
            for language in Language.allCases {
                #expect(Translator.tables[language]?[key] != nil, "\(language.rawValue): \(key)")
            }
        }
    }

    /// Values of `name="…"` attributes inside the custody table, in page order.
    static func attributes(_ name: String, in html: String) -> [String] {
        guard let start = html.range(of: "id=\"custody-trail\"") else { return [] }
        let section = html[start.upperBound...]
        let end = section.range(of: "</section>").map { section[..<$0.lowerBound] } ?? section
        var values: [String] = []
        var rest = end[...]
        while let found = rest.range(of: "\(name)=\"") {
            let tail = rest[found.upperBound...]
            guard let close = tail.firstIndex(of: "\"") else { break }
            values.append(String(tail[..<close]))
            rest = tail[close...]
        }
        return values
    }

    /// A trigger that refuses custody rows on either database.
    static func refuseCustodyRows(_ app: Application) async throws {
        let sql = try #require(app.db as? any SQLDatabase)
        let names = Custody.Action.all.map { "'\($0.name)'" }.joined(separator: ", ")
        if sql.dialect.name == "postgresql" {
            try await sql.raw(
                """
                CREATE FUNCTION refuse_custody() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'custody refused by the test'; END $$ LANGUAGE plpgsql
                """
            ).run()
            try await sql.raw(
                SQLQueryString(
                    """
                    CREATE TRIGGER refuse_custody BEFORE INSERT ON audit_log FOR EACH ROW
                    WHEN (NEW.action IN (\(unsafeRaw: names))) EXECUTE FUNCTION refuse_custody()
                    """)
            ).run()
        } else {
            try await sql.raw(
                SQLQueryString(
                    """
                    CREATE TRIGGER refuse_custody BEFORE INSERT ON audit_log
                    WHEN NEW.action IN (\(unsafeRaw: names))
                    BEGIN SELECT RAISE(ABORT, 'custody refused by the test'); END
                    """)
            ).run()
        }
    }
}
