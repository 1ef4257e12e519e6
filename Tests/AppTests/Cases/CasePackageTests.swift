import Evidence
import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor
import VaporTesting

@testable import App

/// A case's evidence package and court packet, over captures made by the real pipeline from a
/// loopback site: what the package holds (byte for byte), who may have it, what is audited.
@Suite(.serialized) struct CasePackageTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 9, count: 48)

    static let site: SiteServer.Route = { path in
        switch path {
        case "/forum/":
            return .ok(
                """
                <html><head><title>Invented Forum</title></head><body>
                <p>Join the Fictional Dawn Circle today, says an invented slogan.</p>
                <a href="/forum/post">post</a><img src="/img/banner.png" alt="banner"></body></html>
                """)
        case "/forum/post":
            return .ok(
                "<html><head><title>Post</title></head><body><p>Another invented call to join.</p></body></html>")
        case "/img/banner.png": return .ok(png, type: "image/png")
        default: return .notFound
        }
    }

    /// What every test here starts from: the site captured, a case opened from its items and
    /// referred to an expert (who recorded a conclusion), and the people around it.
    struct Fixture {
        var caseID: Int
        var team: CaseTeam
        var itemIDs: [Int]
        var services: MonitoringServices
    }

    static func fixture(
        _ app: Application, server: SiteServer, title: String = "Invented Forum case",
        organization: String? = nil
    ) async throws -> Fixture {
        var organizationID: Int?
        if let organization {
            organizationID = try await OrganizationStore.create(
                try OrganizationInput.validate(.init(name_ky: organization, designation: "extremist")),
                actor: .commandLine, app: app)
        }
        let services = try app.useTestMonitoring(server: server)
        let sourceID = try await app.makeSource(.website, server.url("/forum/"))
        _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)
        let team = try await CaseTeam.make(app)
        let analystID = try #require(try await User.query(on: app.db).filter(\.$username == "analyst1").first()?.id)
        let itemIDs = try await Item.query(on: app.db).sort(\.$id).all().compactMap(\.id)
        #expect(itemIDs.count == 2)
        let input = try CaseInput.validate(
            CaseInput.Raw(
                title: title, target: "https://dawn-circle.example/",
                organization_id: organizationID.map(String.init),
                note: "found on the invented forum"))
        let caseID = try await CaseStore.open(
            input, evidence: EvidenceSelection(itemIDs: itemIDs),
            actor: .init(userID: analystID, role: .analyst, label: "analyst1"), app: app)
        try await team.walk(caseID, target: "dawn-circle.example", to: "expert_confirmed")
        return Fixture(caseID: caseID, team: team, itemIDs: itemIDs, services: services)
    }

    /// GET with a token, keeping the body's bytes.
    static func download(_ app: Application, _ path: String, token: String?) async throws
        -> (status: HTTPResponseStatus, headers: HTTPHeaders, bytes: Data)
    {
        var result: (HTTPResponseStatus, HTTPHeaders, Data)?
        try await app.testing().test(
            .GET, "/api/v1" + path,
            beforeRequest: { req in
                if let token { req.headers.bearerAuthorization = BearerAuthorization(token: token) }
            },
            afterResponse: { res in
                result = (res.status, res.headers, Data(res.body.readableBytesView))
            })
        guard let result else { throw TestFailure("no response") }
        return result
    }

    static func unzip(_ bytes: Data, in directory: URL) throws -> URL {
        let file = directory.appendingPathComponent("package.wacz")
        try bytes.write(to: file)
        let out = directory.appendingPathComponent("unzipped")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["unzip", "-q", file.path, "-d", out.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return out
    }

    static func raw(_ file: URL, offset: Int?, length: Int?) throws -> Data {
        var data = Data()
        try WARCReader.copyRawRecord(
            file: file,
            location: WARCRecordLocation(
                filename: file.lastPathComponent,
                offset: UInt64(try #require(offset)),
                length: UInt64(try #require(length)))
        ) { data.append($0) }
        return data
    }

    @Test func thePackageHoldsEveryCapturesRecordsAsCollected() async throws {
        let server = try await SiteServer.start(Self.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let f = try await Self.fixture(app, server: server)
            let expertToken = try #require(f.team.expert.token)
            let captureIDs = try await CasePackage.captureIDs(caseID: f.caseID, on: app.db)
            let captures = try await Capture.query(on: app.db).filter(\.$id ~~ captureIDs).sort(\.$id).all()
            #expect(captures.count == 3)  // two pages and the banner image

            // MUT: the referred expert downloads the package through the API
            let reply = try await Self.download(app, "/cases/\(f.caseID)/package.wacz", token: expertToken)

            // validate: 200, the file's hash in the header and in the audit row
            #expect(reply.status == .ok)
            let sha = sha256Hex(reply.bytes)
            #expect(reply.headers.first(name: "X-Kaiguul-Package-SHA256") == sha)
            #expect(reply.headers.first(name: .contentDisposition)?.contains("kaiguul-case-\(f.caseID)-") == true)
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "case.package").first())
            #expect(
                audit.actorID == f.team.expertID && audit.objectType == "case" && audit.objectID == String(f.caseID))
            let details = try JSONDecoder().decode([String: String].self, from: Data(audit.details.utf8))
            #expect(details["sha256"] == sha)

            // the WARC inside: warcinfo, then request, response, metadata of each capture, byte for byte
            let temp = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-pkg-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: temp) }
            let unzipped = try Self.unzip(reply.bytes, in: temp)
            let archive = unzipped.appendingPathComponent("archive")
            let warcName = try #require(try FileManager.default.contentsOfDirectory(atPath: archive.path).first)
            let warc = archive.appendingPathComponent(warcName)
            let reader = try WARCReader(url: warc)
            var types: [String] = []
            var ends: [WARCRecordEnd] = []
            var headers: [WARCRecordHeader] = []
            while let header = try reader.next() {
                types.append(header.typeName ?? "")
                headers.append(header)
                ends.append(try reader.finishRecord())
            }
            #expect(
                types == ["warcinfo"] + Array(repeating: ["request", "response", "metadata"], count: 3).flatMap { $0 })
            let info = try WARCReader.readRecord(file: warc, offset: 0, maxBlockBytes: 4096)
            let infoText = String(decoding: info.block, as: UTF8.self)
            #expect(infoText.contains("isPartOf: case-\(f.caseID)\r\n") && infoText.contains("software: Kaiguul/"))
            #expect(
                infoText.contains("operator: Online Patrol\r\n") && infoText.contains("packagedBy: Expert1 (expert1"))
            for (index, capture) in captures.enumerated() {
                let source = f.services.warcDirectory.appendingPathComponent(try #require(capture.warcFile))
                let originals = [
                    try Self.raw(source, offset: capture.requestOffset, length: capture.requestLength),
                    try Self.raw(source, offset: capture.warcOffset, length: capture.warcLength),
                    try Self.raw(source, offset: capture.metadataOffset, length: capture.metadataLength),
                ]
                let digests = try JSONDecoder().decode(
                    [String: String].self,
                    from: Data(try #require(capture.recordDigests).utf8))
                for part in 0..<3 {
                    let position = 1 + index * 3 + part
                    let copied = try Self.raw(
                        warc, offset: Int(ends[position].location.offset),
                        length: Int(ends[position].location.length))
                    #expect(copied == originals[part], "capture \(capture.id ?? 0) record \(types[position])")
                    #expect(headers[position].fields["WARC-Block-Digest"] == digests[types[position]])
                    #expect(
                        details["records"]?.contains(
                            "capture-\(capture.id ?? 0)/\(types[position])="
                                + (digests[types[position]] ?? "?")) == true)
                }
            }
            // the digests verify, recomputed over the package's own bytes
            let problems = WARCConformance.check(file: warc, options: .kaiguul).filter { $0.severity == .error }
            #expect(problems.isEmpty, "\(problems)")

            // the custody manifest: every record, the collector, the packager, the audit trail
            let manifest = try JSONDecoder().decode(
                CustodyManifest.self, from: Data(contentsOf: unzipped.appendingPathComponent("custody/manifest.json")))
            #expect(manifest.records?.count == 10 && manifest.subject == "case-\(f.caseID)")
            #expect(manifest.captures?.allSatisfy { $0.collector == "kaiguul-test" && $0.note == nil } == true)
            #expect(
                manifest.auditTrail?.contains { $0.action == "case.evidence.add" || $0.action.hasPrefix("case.") }
                    == true)
            #expect(manifest.records?.filter { $0.type == "response" }.allSatisfy { $0.payloadDigest != nil } == true)
            CasePackageSamples.keep(reply.bytes, as: "case-package.wacz")
        }
    }

    @Test func aCaptureFromBeforeRequestRecordsWereKeptGoesInWithItsResponseOnly() async throws {
        let server = try await SiteServer.start(Self.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: one capture row as it was before migration 006 (no request/metadata locations)
            let f = try await Self.fixture(app, server: server)
            let captureIDs = try await CasePackage.captureIDs(caseID: f.caseID, on: app.db)
            let old = try #require(try await Capture.find(captureIDs[0], on: app.db))
            old.requestOffset = nil
            old.requestLength = nil
            old.metadataOffset = nil
            old.metadataLength = nil
            old.recordDigests = nil
            try await old.update(on: app.db)
            let out = app.kaiguul.dataDirectory.appendingPathComponent("old.wacz")

            // MUT
            let summary = try await CasePackage.write(
                try #require(try await CaseRecord.find(f.caseID, on: app.db)), to: out, actor: .commandLine,
                packagedBy: "command line (test)", app: app)

            // validate
            let notes = try #require(summary.manifest.captures)
            #expect(notes[0].records == "response" && notes[0].note?.contains("response only") == true)
            #expect(notes.dropFirst().allSatisfy { $0.records == "request,response,metadata" })
            #expect(summary.manifest.records?.map(\.type).prefix(2) == ["warcinfo", "response"])
            CasePackageSamples.keep(try Data(contentsOf: out), as: "case-package-response-only.wacz")
        }
    }

    @Test func whoMayHaveThePackage() async throws {
        let server = try await SiteServer.start(Self.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: the other expert has a case of their own (holding only a typed URL)
            let f = try await Self.fixture(app, server: server)
            let otherCase = try await f.team.open("https://other-circle.example/", title: "Other case")
            #expect(try await f.team.step(f.team.analyst, otherCase, ["action": "start_review"]).status == .ok)
            #expect(
                try await f.team.step(
                    f.team.analyst, otherCase,
                    [
                        "action": "refer_to_expert",
                        "expert_id": f.team.otherExpertID,
                    ]
                ).status == .ok)
            var tokens: [String: String?] = [
                "analyst": f.team.analyst.token, "expert": f.team.expert.token,
                "other expert": f.team.otherExpert.token,
                "legal": f.team.legal.token, "provider": f.team.provider.token, "nobody": nil,
            ]
            for (name, role) in [
                ("volunteer1", Role.volunteer), ("auditor1", .auditor), ("admin1", .admin),
                ("coordinator1", .coordinator),
            ] {
                tokens[role.rawValue] = try await app.makeToken(for: try await app.makeUser(name, role: role))
            }
            let expected: [String: HTTPResponseStatus] = [
                "analyst": .ok, "expert": .ok, "legal": .ok, "auditor": .ok, "other expert": .notFound,
                "volunteer": .forbidden, "admin": .forbidden, "coordinator": .forbidden, "provider": .forbidden,
                "nobody": .unauthorized,
            ]
            for (who, status) in expected.sorted(by: { $0.key < $1.key }) {
                // MUT
                let reply = try await Self.download(app, "/cases/\(f.caseID)/package.wacz", token: tokens[who] ?? nil)
                // validate
                #expect(reply.status == status, "\(who)")
            }
            // only the four allowed downloads were audited
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "case.package").count() == 4)
            // the other expert's own case opens for them, but holds no capture to package (409)
            #expect(
                try await Self.download(app, "/cases/\(otherCase)/package.wacz", token: f.team.otherExpert.token)
                    .status == .conflict)
            // a case that does not exist is a 404 even for an analyst
            #expect(
                try await Self.download(app, "/cases/999999/package.wacz", token: f.team.analyst.token).status
                    == .notFound)

            // the HTML session: the case page links the package; the volunteer is refused
            let analyst = Browser(app)
            try await analyst.login("analyst1")
            let page = try await analyst.get("/cases/\(f.caseID)")
            #expect(page.body.contains("/cases/\(f.caseID)/package.wacz"))
            #expect(page.body.contains("/cases/\(f.caseID)/court-packet?lang=ky"))
            let html = try await analyst.get("/cases/\(f.caseID)/package.wacz")
            #expect(html.status == .ok && html.bytes.starts(with: [0x50, 0x4b, 0x03, 0x04]))
            let volunteer = Browser(app)
            try await volunteer.login("volunteer1")
            #expect(try await volunteer.get("/cases/\(f.caseID)/package.wacz").status == .forbidden)
            #expect(try await volunteer.get("/cases/\(f.caseID)/court-packet").status == .forbidden)
            let other = Browser(app)
            try await other.login("expert2")
            #expect(try await other.get("/cases/\(f.caseID)/court-packet?lang=ru").status == .notFound)
        }
    }

    @Test func theCourtPacketNamesTheHashesAndEscapesWhatWasTyped() async throws {
        let server = try await SiteServer.start(Self.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: a hostile case title, and a package already made
            let f = try await Self.fixture(
                app, server: server, title: "<script>alert('x')</script> & Dawn",
                organization: "Ойдон чыгарылган Таң Ийрими")
            let package = try await Self.download(app, "/cases/\(f.caseID)/package.wacz", token: f.team.legal.token)
            #expect(package.status == .ok)
            let legal = Browser(app)
            try await legal.login("legal1")

            // MUT
            let ky = try await legal.get("/cases/\(f.caseID)/court-packet?lang=ky")
            let ru = try await legal.get("/cases/\(f.caseID)/court-packet?lang=ru")

            // validate: the hashes a court needs, in the language asked for, escaped, no navigation
            #expect(ky.status == .ok && ru.status == .ok)
            #expect(ky.body.contains("lang=\"ky\"") && ky.body.contains("Сот үчүн пакет"))
            #expect(ky.body.contains("dawn-circle.example") && ky.body.contains("Ойдон чыгарылган Таң Ийрими"))
            #expect(ru.body.contains("lang=\"ru\"") && ru.body.contains("Пакет для суда"))
            let captureIDs = try await CasePackage.captureIDs(caseID: f.caseID, on: app.db)
            let captures = try await Capture.query(on: app.db).filter(\.$id ~~ captureIDs).all()
            #expect(captures.count == 3)
            for capture in captures {
                #expect(ky.body.contains(try #require(capture.payloadSHA256)))
            }
            let conclusion = try #require(
                try await DocumentRecord.query(on: app.db)
                    .filter(\.$kind == "expert_conclusion").first())
            #expect(ky.body.contains(conclusion.sha256) && ky.body.contains(conclusion.filename))
            #expect(ky.body.contains("Expert1"))
            #expect(ky.body.contains(sha256Hex(package.bytes)))
            #expect(ky.body.contains("sha256sum ") && ky.body.contains("wacz validate -f "))
            #expect(
                !ky.body.contains("<script>") && ky.body.contains("&lt;script&gt;alert('x')&lt;/script&gt; &amp; Dawn"))
            #expect(!ky.body.contains("<nav") && ky.body.contains("/static/court-packet.css"))
            #expect(try await legal.get("/static/court-packet.css").body.contains("@page"))
        }
    }

    @Test func theCourtPacketPrintsToPDFWhenChromiumIsThere() async throws {
        // A path that is not a program is no Chromium: the PDF is then refused with 503.
        #expect(CourtPacketPDF.chromium(environment: ["KAIGUUL_CHROMIUM": "/nonexistent/chromium"]) == nil)
        guard CourtPacketPDF.chromium() != nil else { return }
        let server = try await SiteServer.start(Self.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let f = try await Self.fixture(app, server: server)
            let analyst = Browser(app)
            try await analyst.login("analyst1")

            // MUT
            let pdf = try await analyst.get("/cases/\(f.caseID)/court-packet.pdf?lang=ky")

            // validate
            #expect(pdf.status == .ok, "\(pdf.body.prefix(300))")
            #expect(pdf.headers.contentType == .pdf && pdf.bytes.starts(with: Data("%PDF".utf8)))
            #expect(pdf.bytes.count > 2_000)
        }
    }
}

/// Leaves packages in `$KAIGUUL_EVIDENCE_SAMPLES_DIR/package/`, where `make test` runs wacz
/// validate, warcio's digest check and a pywb replay over them (scripts/check-package.sh).
enum CasePackageSamples {
    static func keep(_ bytes: Data, as name: String) {
        guard let base = ProcessInfo.processInfo.environment["KAIGUUL_EVIDENCE_SAMPLES_DIR"], !base.isEmpty else {
            return
        }
        let directory = URL(fileURLWithPath: base).appendingPathComponent("package")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let backend = TestBackend.postgresURL == nil ? "sqlite" : "postgres"
        try? bytes.write(to: directory.appendingPathComponent("\(backend)-\(name)"))
    }
}
