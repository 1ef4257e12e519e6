import Detection
import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Testing
import Vapor

@testable import App

/// Findings written straight into the tables the pipeline writes (items with their triage columns,
/// signals as `TextAnalyzer` encodes them, tips), so each queue rule is tested on rows it can see.
struct TriageFixture {
    let app: Application
    let sql: any SQLDatabase
    let start = Date(timeIntervalSince1970: 1_780_000_000)

    init(_ app: Application) throws {
        self.app = app
        sql = try #require(app.db as? any SQLDatabase)
    }

    func source(_ kind: SourceKind = .website, _ address: String, regionID: Int? = nil) async throws -> Int {
        let id = try await app.makeSource(kind, address)
        if let regionID { try await sql.raw("UPDATE sources SET region_id = \(bind: regionID) WHERE id = \(bind: id)").run() }
        return id
    }

    func organization(_ name: String) async throws -> Int {
        try await OrganizationStore.create(try OrganizationInput.validate(.init(name_ky: name, designation: "extremist")),
                                           actor: .commandLine, app: app)
    }

    /// An item found `minutes` after the fixture's start, with its stored priority.
    @discardableResult
    func item(source: Int, text: String, title: String? = nil, level: TriagePriority.Level = .high, score: Int = 80,
              minutes: Int = 0, language: String? = "ky", captureID: Int? = nil, media: [StoredMedia] = [],
              signals: [(kind: String, organizationID: Int?, materialID: Int?, details: String)] = []) async throws -> Int
    {
        struct Row: Decodable { var id: Int }
        let row = try await sql.insert(into: "items")
            .columns("source_id", "capture_id", "item_key", "title", "text", "language", "media", "version",
                     "created_at", "triage_score", "triage_level", "permalink")
            .values(SQLBind(source), SQLBind(captureID), SQLBind(UUID().uuidString), SQLBind(title), SQLBind(text),
                    SQLBind(language), SQLBind(StoredMedia.encodeList(media)), SQLBind(1),
                    SQLBind(start.addingTimeInterval(Double(minutes) * 60)), SQLBind(score),
                    SQLBind(TriageVerdict.rank(level)), SQLBind("https://kara-tuman.example/post/\(UUID().uuidString)"))
            .returning("id").first(decoding: Row.self)
        let id = try #require(row?.id)
        let all = signals.isEmpty ? [(kind: "classifier", organizationID: Int?.none, materialID: Int?.none,
                                      details: Self.signal(.classifier, label: "propaganda", reasons: ["бирге (+0.40)"]))]
            : signals
        for signal in all {
            try await sql.insert(into: "signals")
                .columns("item_id", "kind", "score", "organization_id", "material_id", "details", "created_at")
                .values(SQLBind(id), SQLBind(signal.kind), SQLBind(0.9), SQLBind(signal.organizationID),
                        SQLBind(signal.materialID), SQLBind(signal.details), SQLBind(start))
                .run()
        }
        return id
    }

    /// A signal's details as the text analyser stores them.
    static func signal(_ kind: Signal.Kind, organizationID: Int? = nil, label: String? = nil, reasons: [String] = [],
                       spans: [TextSpan] = []) -> String {
        struct Stored: Encodable {
            var kind: Signal.Kind
            var score: Double
            var organizationID: String?
            var materialID: String?
            var label: String?
            var reasons: [String]
            var spans: [TextSpan]
        }
        return TextItemAnalyzer.json(Stored(kind: kind, score: 0.9, organizationID: organizationID.map(String.init),
                                            materialID: nil, label: label, reasons: reasons, spans: spans))
    }

    func tip(_ urls: [String], comment: String = "Көрүңүздөр", minutes: Int = 0) async throws -> Int {
        let id = try await TipStore.create(TipInput(urls: urls, platform: nil, comment: comment, contact: nil),
                                           submittedBy: nil, app: app)
        try await sql.raw("UPDATE tips SET created_at = \(bind: start.addingTimeInterval(Double(minutes) * 60)) WHERE id = \(bind: id)")
            .run()
        return id
    }

    func capture(source: Int, url: String, role: String = "page", sha: String) async throws -> Int {
        let capture = Capture()
        capture.sourceID = source
        capture.url = url
        capture.fetchedAt = start
        capture.collector = "kaiguul-test"
        capture.role = role
        capture.payloadSHA256 = sha
        capture.warcFile = "test.warc.gz"
        capture.warcOffset = 0
        capture.warcLength = 10
        try await capture.create(on: app.db)
        return try capture.requireID()
    }

    func count(_ table: String, _ condition: String = "1 = 1") async throws -> Int {
        struct N: Decodable { var n: Int }
        return try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE \(unsafeRaw: condition)")
            .first(decoding: N.self)?.n ?? 0
    }
}

/// The rows of a queue reply, as `kind:id`.
func queueKeys(_ reply: APIClient.Reply) -> [String] {
    let items = reply.json["items"] as? [[String: Any]] ?? []
    return items.map { "\($0["kind"] as? String ?? "?"):\($0["id"] as? Int ?? 0)" }
}
