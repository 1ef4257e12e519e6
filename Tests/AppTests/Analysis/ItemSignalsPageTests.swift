import Detection
import Evidence
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// The item page says what each signal found in words, as the triage queue does; never its stored JSON.
@Suite("Item signals page") struct ItemSignalsPageTests {
    @Test func everySignalKindIsInWordsWithTheMatchMarkedAndEscaped() async throws {
        try await withApp { app in
            // setup: one item carrying every kind of signal, hostile text around the indicator's match
            let f = try TriageFixture(app)
            let org = try await f.organization("Кара Туман Бирлиги")
            let site = try await f.source(.website, "https://kara-tuman.example/")
            let material = BannedMaterial()
            material.title = "Кара Туман манифести"
            material.kind = "text"
            material.court = "Бишкек шаардык соту"
            material.decisionNumber = "2-999/26"
            try await material.create(on: app.db)
            let materialID = try material.requireID()
            let bankImage = try BlobStore(root: app.kaiguul.blobDirectory).put(Data("fictional poster bytes".utf8))
            let fingerprint = MaterialFingerprint()
            fingerprint.$material.id = materialID
            fingerprint.kind = "sha256"
            fingerprint.value = bankImage.sha256
            try await fingerprint.create(on: app.db)

            let before = "<script>alert(1)</script> Биз "
            let match = "Кара Туман"
            let text = before + match + " <img src=x onerror=alert(2)> менен!"
            let span = TextSpan(start: before.utf8.count, end: before.utf8.count + match.utf8.count)
            let posterSHA = String(repeating: "ab", count: 32)
            let poster = StoredMedia(url: "https://kara-tuman.example/poster.jpg", sha256: posterSHA)
            struct MediaDetails: Encodable {
                var media_url: String
                var media_sha256: String
                var label: String
                var distance: Int
                var quality: Int?
                var transform: String
            }
            struct Verdict: Encodable { var priority: TriagePriority }
            let priority = TriagePriority(indicator: 0.9, nearDuplicate: 0.5, propaganda: 0.8, reporting: 0.1,
                                          unrelated: 0.1)
            let item = try await f.item(source: site, text: text, media: [poster], signals: [
                ("indicator", org, nil, TriageFixture.signal(.indicator, organizationID: org,
                                                              reasons: ["phrase «кара туман» (weight 3.00)"], spans: [span])),
                ("near_duplicate", nil, materialID, TriageFixture.signal(.nearDuplicate)),
                ("classifier", nil, nil, TriageFixture.signal(.classifier, label: "propaganda",
                                                               reasons: ["бирге (+0.40)"])),
                ("pdq", nil, materialID, TextItemAnalyzer.json(MediaDetails(
                    media_url: poster.url, media_sha256: posterSHA, label: "fictional banned poster", distance: 12,
                    quality: 90, transform: "identity"))),
                ("triage", nil, nil, TextItemAnalyzer.json(Verdict(priority: priority))),
            ])
            _ = try await app.makeUser("ana", role: .analyst)
            let browser = Browser(app)
            try await browser.login("ana", language: "en")

            // MUT
            let page = try await browser.get("/items/\(item)")

            // validate
            #expect(page.status == .ok)
            let signals = try #require(page.body.range(of: "id=\"signals\"").map { String(page.body[$0.lowerBound...]) })
            #expect(!page.body.contains("{\""), "no raw JSON on the item page")
            #expect(!page.body.contains("<script>alert"))
            #expect(!page.body.contains("<img src=x"))
            // indicator: the span marked, everything around it escaped, the organisation by name
            #expect(signals.contains(
                "&lt;script&gt;alert(1)&lt;/script&gt; Биз <mark>Кара Туман</mark> &lt;img src=x onerror=alert(2)&gt; менен!"))
            #expect(signals.contains("Indicators of Кара Туман Бирлиги"))
            #expect(signals.contains("phrase «кара туман» (weight 3.00)"))
            // near-duplicate: the banned material's title and similarity (the fixture's score, 0.9)
            #expect(signals.contains("Nearly duplicates banned material “Кара Туман манифести”, similarity 90%"))
            // classifier: label, probability, top features
            #expect(signals.contains("Classifier: \(Translator(language: .en)("decision.propaganda")) (90%)"))
            #expect(signals.contains("бирге (+0.40)"))
            // PDQ: distance and quality, the item's image and the banned material's side by side
            #expect(signals.contains("distance 12, quality 90"))
            #expect(signals.contains("src=\"/items/\(item)/media/0/thumbnail\""))
            #expect(signals.contains("src=\"/triage/materials/\(materialID)/thumbnail\""))
            // the triage verdict: level and score
            let verdict = try #require(signals.range(of: "id=\"triage-verdict\"").map { String(signals[$0.lowerBound...]) })
            #expect(verdict.contains("Triage verdict:"))
            #expect(verdict.contains("data-level=\"\(priority.level.rawValue)\""))
            #expect(verdict.contains(" \(priority.score)</small>"))

            // The same words in Kyrgyz.
            try await browser.post("/language", [("lang", "ky"), ("back", "/")])
            let ky = try await browser.get("/items/\(item)")
            #expect(ky.body.contains("Иргөөнүн жыйынтыгы:"))
            #expect(!ky.body.contains("{\""))
        }
    }

    @Test func auditDetailsAreKeyValueLinesNotJSON() async throws {
        try await withApp { app in
            // setup
            _ = try await app.write { db in
                try await AuditLog.append(on: db, actor: .commandLine, action: "item.open", objectType: "item",
                                          objectID: "1", details: ["note": "<b>bold</b>", "reason": "spam"])
            }
            _ = try await app.makeUser("root", role: .admin)
            let browser = Browser(app)
            try await browser.login("root", language: "en")

            // MUT
            let page = try await browser.get("/audit?action=item.open")

            // validate
            #expect(page.status == .ok)
            #expect(page.body.contains("&lt;b&gt;bold&lt;/b&gt;") && !page.body.contains("<b>bold"))
            #expect(page.body.contains("spam"))
            #expect(!page.body.contains("{\""), "no raw JSON in the audit log")
        }
    }
}
