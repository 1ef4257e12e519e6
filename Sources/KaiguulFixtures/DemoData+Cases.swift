import Evidence
import Fluent
import Foundation
import KaiguulCore
import Vapor

@testable import App

extension DemoData {
    /// The fictional demo records of the cases area: a case in every state, blocked sites (one with a
    /// Cyrillic name), an account-level order on a shared platform, a lifted block and a mirror. Every
    /// step goes through `CaseStore`, so the demo's history is what real use would write. Every case
    /// holds captures of its target as evidence (the one referred to the demo `expert` among them),
    /// written from fictional pages through the app's WARC writer.
    static func seedCases(app: Application) async throws {
        guard try await CaseRecord.query(on: app.db).count() == 0 else { return }
        let people = try await CaseFixtures.people(app: app, analyst: "analyst", expert: "expert", legal: "legal")
        let orgs = try await Organization.query(on: app.db).sort(\.$id).all().compactMap(\.id)
        let regions = try await Region.query(on: app.db).sort(\.$id).all().compactMap(\.id)
        let court = "Первомайский районный суд г. Бишкек (демо)"

        let plan: [(String, String, CaseState)] = [
            ("Kara Tuman news site", "kara-tuman.example", .blocked),
            ("Green Wind site (Cyrillic address)", "жашыл-шамал.example", .blocked),
            ("Kara Tuman Telegram channel", "https://t.me/kara_tuman_demo", .blocked),
            ("Night Wayfarers video page", "https://www.youtube.com/@night-wayfarers-demo", .courtOrdered),
            ("Night Wayfarers forum", "night-wayfarers.example", .blocked),
            ("Green Wind VK page", "https://vk.com/green_wind_demo", .submittedToCourt),
            ("Kara Tuman mirror candidate", "kara-tuman-news.example", .expertConfirmed),
            ("Anonymous leaflet site", "leaflets-demo.example", .referredToExpert),
            ("Reposted slogans blog", "slogans-blog.example", .inReview),
            ("Tip: suspicious channel", "@suspicious_demo_channel", .new),
        ]
        var ids: [String: Int] = [:]
        let pages = try DemoCasePages(app: app)
        let demoSource = try await Source.query(on: app.db).filter(\.$kind == SourceKind.website.rawValue).sort(\.$id)
            .first()?.id
        for (i, item) in plan.enumerated() {
            let input = try CaseInput.validate(.init(
                title: item.0 + " (demo)", target: item.1,
                region_id: regions.isEmpty ? nil : String(regions[i % regions.count]),
                organization_id: orgs.isEmpty ? nil : String(orgs[i % orgs.count]),
                note: "Fictional evidence for the demo."))
            // Every demo case holds a capture of its target; the first sites also an item read from it.
            let address = CaseCapture.address(of: input.target) ?? "https://\(item.1)/"
            let page = try await pages.capture(address, title: item.0, sourceID: demoSource, withItem: i < 8)
            let id = try await CaseStore.open(input, evidence: page.selection, actor: people.analyst, app: app)
            ids[item.1] = id
            try await CaseFixtures.advance(caseID: id, target: input.target, to: item.2, people: people, app: app,
                                           court: court, number: "ДЕМО-2025-\(100 + i)")
        }
        // One block lifted by a reversing decision.
        if let id = ids["night-wayfarers.example"] { try await CaseFixtures.lift(caseID: id, people: people, app: app) }
        // A mirror of a blocked site, opened as a linked case.
        if let id = ids["kara-tuman.example"] {
            var mirror = try TransitionRequest.validate(.init(action: "report_mirror", grounds: "Same content (demo)",
                                                              mirror_target: "kara-tuman-mirror.example"))
            // The demo runs without network: the mirror's capture is written from fictional HTML, as
            // `CaseStore` would have fetched it.
            let captured = try await pages.capture("https://kara-tuman-mirror.example/", title: "Kara Tuman mirror",
                                                   sourceID: nil, withItem: false)
            mirror.mirrorCapture = CaseCapture.Captured(pageCaptureID: captured.pageCaptureID,
                                                        mediaCaptureIDs: captured.mediaCaptureIDs,
                                                        payloadSHA256: captured.payloadSHA256)
            _ = try await CaseStore.transition(caseID: id, mirror, actor: people.analyst, app: app)
        }
        // The ends that are not blocks: expert rejected, court rejected, dismissed.
        let ends: [(String, String, String)] = [
            ("Satire page mistaken for propaganda", "satire-demo.example", "expert_rejected"),
            ("Archive of a closed forum", "closed-forum-demo.example", "court_rejected"),
            ("Duplicate report", "duplicate-demo.example", "dismissed"),
        ]
        for end in ends {
            let input = try CaseInput.validate(.init(title: end.0 + " (demo)", target: end.1))
            let id = try await CaseStore.open(input, actor: people.analyst, app: app)
            switch end.2 {
            case "dismissed":
                try await step(id, .init(action: "dismiss", grounds: "Already covered by another case (demo)"),
                               people.analyst, app)
            case "expert_rejected":
                try await CaseFixtures.advance(caseID: id, target: input.target, to: .referredToExpert, people: people,
                                               app: app)
                let doc = try await DocumentStore.store(CaseFixtures.pdf("rejected \(id)"), filename: "conclusion.pdf",
                                                        kind: .expertConclusion, caseID: id, actor: people.expert,
                                                        app: app)
                try await step(id, .init(action: "record_expert_conclusion", grounds: "Satire, not propaganda (demo)",
                                         document_id: String(doc.id), finding: "rejected"), people.expert, app)
            default:
                try await CaseFixtures.advance(caseID: id, target: input.target, to: .submittedToCourt, people: people,
                                               app: app)
                let doc = try await DocumentStore.store(CaseFixtures.pdf("court rejected \(id)"),
                                                        filename: "decision.pdf", kind: .courtDecision, caseID: id,
                                                        actor: people.legal, app: app)
                try await step(id, .init(action: "record_court_decision", document_id: String(doc.id),
                                         outcome: "rejected", court: court, number: "ДЕМО-2025-200",
                                         date: CaseDates.today()), people.legal, app)
            }
        }
    }

    private static func step(_ id: Int, _ raw: TransitionRequest.Raw, _ actor: CaseStore.Actor, _ app: Application)
        async throws
    {
        _ = try await CaseStore.transition(caseID: id, try TransitionRequest.validate(raw), actor: actor, app: app)
    }
}

/// Writes fictional pages as captures the way the capture step does (`CaptureRecorder`): WARC
/// `request`/`response`/`metadata` records through the process's one writer, a `captures` row
/// pointing at them with every digest, the image as a `media` capture of the page and a blob, and
/// optionally the page's item. The demo makes no network request.
struct DemoCasePages {
    let app: Application
    let services: MonitoringServices

    init(app: Application) throws {
        self.app = app
        services = try app.monitoring
    }

    /// A one-pixel PNG standing in for a page's picture.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
        0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49,
        0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0x68, 0x60, 0x60, 0x00, 0x00, 0x00, 0x84, 0x00, 0x81, 0x2B, 0x6F, 0x29, 0x5E,
        0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    struct Page {
        var pageCaptureID: Int
        var mediaCaptureIDs: [Int]
        var itemID: Int?
        var payloadSHA256: String?

        var selection: EvidenceSelection {
            if let itemID { return EvidenceSelection(itemIDs: [itemID]) }
            return EvidenceSelection(captureIDs: [pageCaptureID] + mediaCaptureIDs)
        }
    }

    func capture(_ url: String, title: String, sourceID: Int?, withItem: Bool) async throws -> Page {
        let text = "\(title): an invented page of the Kaiguul demo. Join the fictional circle, "
            + "read the invented slogan «Туман келет» — none of this is real."
        let html = """
            <!DOCTYPE html><html lang="ky"><head><meta charset="utf-8"><title>\(title)</title>
            <style>body { font-family: sans-serif; margin: 2em } h1 { color: #333 }</style></head>
            <body><h1>\(title)</h1><p>\(text)</p><img src="/banner.png" alt="banner">
            <p><a href="https://t.me/kara_tuman_demo">channel</a></p></body></html>
            """
        let at = Date()
        let page = try await record(url, body: Array(html.utf8), type: "text/html; charset=utf-8", at: at,
                                    role: withItem ? "page" : "archive", sourceID: sourceID, parent: nil)
        let imageURL = (URL(string: "/banner.png", relativeTo: URL(string: url))?.absoluteString) ?? url + "banner.png"
        let image = try await record(imageURL, body: Self.png, type: "image/png", at: at, role: "media",
                                     sourceID: sourceID, parent: page.id)
        let blob = try services.blobs.put(Data(Self.png))
        var itemID: Int?
        if withItem, let sourceID {
            let item = Item()
            item.sourceID = sourceID
            item.captureID = page.id
            item.itemKey = "url:" + url
            item.permalink = url
            item.title = title
            item.text = text
            item.language = "ky"
            item.version = 1
            item.contentSHA256 = sha256Hex(Array(text.utf8))
            item.media = StoredMedia.encodeList([StoredMedia(url: imageURL, sha256: blob.sha256, size: Self.png.count,
                                                             contentType: "image/png", captureID: image.id)])
            try await item.create(on: app.db)
            itemID = item.id
        }
        return Page(pageCaptureID: try page.requireID(), mediaCaptureIDs: [try image.requireID()], itemID: itemID,
                    payloadSHA256: page.payloadSHA256)
    }

    private func record(_ url: String, body: [UInt8], type: String, at date: Date, role: String, sourceID: Int?,
                        parent: Int?) async throws -> Capture {
        try await DemoPageRecorder(services: services, app: app)
            .record(url, body: body, type: type, at: date, role: role, sourceID: sourceID, parent: parent,
                    source: "Kaiguul demo (fictional page)", ip: DemoData.address(of: url))
    }
}
