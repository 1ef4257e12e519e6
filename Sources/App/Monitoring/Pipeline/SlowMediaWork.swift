import Detection
import Fluent
import Foundation
import SQLKit
import Vapor

/// OCR of images and the frames of videos, taken out of the source check. The check stores its
/// items and, in the same transaction, queues one `ocr_image` or `video_hash` job per distinct
/// file naming the items that showed it; the job adds its signals to those items later
/// (`store`), and raises an item's triage priority as the check would have.
enum SlowMediaWork {
    /// One file to read later, and the items (by key within the check) that showed it.
    struct Planned: Sendable, Equatable {
        var kind: String
        var sha256: String
        var url: String
        var keys: [String]
    }

    /// The payload of both jobs.
    struct Payload: Codable, Sendable, Equatable {
        var media_sha256: String
        var media_url: String
        var item_ids: [Int]

        static func decode(_ text: String) throws -> Payload {
            try JSONDecoder().decode(Payload.self, from: Data(text.utf8))
        }
    }

    /// Items named per job: a logo shown on every page of a big site is read once per batch of them.
    static let itemsPerJob = 500

    /// What the check's new and changed items leave to jobs: images for OCR when this machine has
    /// tesseract and a text analysis, videos when the bank has anything to compare frames with.
    static func plan(_ changes: [ChangeDetector.Change], media: [String: [StoredMedia]],
                     services: MonitoringServices) async -> [Planned] {
        guard services.queuesSlowMediaWork, let analyzer = services.mediaAnalyzer, !changes.isEmpty else { return [] }
        let (text, matcher) = await analyzer.context.current()
        let ocr = text != nil && (analyzer.textExtractor?.isAvailable ?? false)
        let frames = !(matcher?.isEmpty ?? true)
        guard ocr || frames else { return [] }
        var order: [String] = []
        var planned: [String: Planned] = [:]
        for change in changes {
            let (key, _) = change.keyAndItem
            for stored in media[key] ?? [] {
                guard let sha = stored.sha256 else { continue }
                let kind: String
                if MediaItemAnalyzer.isVideo(stored) {
                    guard frames else { continue }
                    kind = VideoHashJob.kind
                } else {
                    let type = (stored.contentType ?? "image/").lowercased()
                    guard ocr, type.hasPrefix("image/") else { continue }
                    kind = OCRImageJob.kind
                }
                let id = kind + ":" + sha
                if planned[id] == nil {
                    order.append(id)
                    planned[id] = Planned(kind: kind, sha256: sha, url: stored.url, keys: [])
                }
                if planned[id]?.keys.last != key { planned[id]?.keys.append(key) }
            }
        }
        return order.compactMap { planned[$0] }
    }

    /// Queues the planned jobs for the items just stored (inside the check's transaction, so a
    /// check that is rolled back leaves no job behind, and a stored item always has its jobs).
    static func enqueue(_ planned: [Planned], itemIDs: [String: Int], on db: any Database) async throws {
        for work in planned {
            let ids = work.keys.compactMap { itemIDs[$0] }
            for start in stride(from: 0, to: ids.count, by: itemsPerJob) {
                let payload = Payload(media_sha256: work.sha256, media_url: String(work.url.prefix(4000)),
                                      item_ids: Array(ids[start..<min(ids.count, start + itemsPerJob)]))
                let text = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
                try await JobQueue.enqueue(kind: work.kind, payload: text, dedupeKey: nil, on: db)
            }
        }
    }

    /// Which stored signals a job of `kind` writes: how a retried job finds its earlier work.
    static func signalKinds(of kind: String) -> SQLQueryString {
        kind == OCRImageJob.kind ? "kind LIKE 'ocr\\_%' ESCAPE '\\'" : "(kind = 'pdq' OR kind LIKE 'exact\\_%' ESCAPE '\\')"
    }

    /// Stores a job's findings per item in one transaction, only while the job holds its lease.
    /// Idempotent: an item that already has this job's kind of signal for this file (a run that
    /// stored, then died before the job was marked done) is left as it is. Returns signals added.
    @discardableResult
    static func store(_ findings: [Int: [Finding]], sha256: String, kind: String, job: ClaimedJob?,
                      app: Application) async throws -> Int {
        let marker = "%\"media_sha256\":\"\(sha256)\"%"
        return try await app.write { db in
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError, reason: "jobs need SQL") }
            if let job, try await !JobQueue.holdsLease(job, on: db) {
                throw AppError(status: .conflict, message: "job \(job.id) lost its lease; results not stored", literal: true)
            }
            let now = Date()
            var added = 0
            for (itemID, list) in findings.sorted(by: { $0.key < $1.key }) where !list.isEmpty {
                let stored = try await sql.raw("""
                    SELECT count(*) AS n FROM signals
                    WHERE item_id = \(bind: itemID) AND \(signalKinds(of: kind)) AND details LIKE \(bind: marker)
                    """).first(decoding: Count.self)
                guard (stored?.n ?? 0) == 0 else { continue }
                try await BatchInsert.insert(
                    into: "signals",
                    columns: ["item_id", "kind", "score", "organization_id", "material_id", "details", "created_at"],
                    rows: list.map { [itemID, $0.kind, $0.score, $0.organizationID, $0.materialID, $0.details, now] },
                    on: db)
                added += list.count
                try await raiseTriage(itemID: itemID, with: list, at: now, on: sql)
            }
            return added
        }
    }

    private struct Count: Decodable { var n: Int }

    private struct StoredVerdict: Codable {
        var language: LanguageGuess?
        var priority: TriagePriority
    }

    /// The item's triage columns and its `triage` signal as the check would have written them had
    /// these findings been there: in the queue (any finding is one), the text verdict with the
    /// strongest media match added.
    static func raiseTriage(itemID: Int, with findings: [Finding], at now: Date, on sql: any SQLDatabase) async throws {
        struct Row: Decodable { var id: Int; var details: String }
        let row = try await sql.raw("""
            SELECT id, details FROM signals WHERE item_id = \(bind: itemID) AND kind = 'triage' ORDER BY id LIMIT 1
            """).first(decoding: Row.self)
        var verdict = row.flatMap { try? JSONDecoder().decode(StoredVerdict.self, from: Data($0.details.utf8)) }
            ?? StoredVerdict(language: nil, priority: TriagePriority(indicator: 0, nearDuplicate: 0, propaganda: nil,
                                                                     reporting: nil, unrelated: nil))
        if let media = TriagePriority.MediaEvidence.strongest(findings.compactMap(\.media)),
           media.strength > (verdict.priority.components.media ?? 0) {
            verdict.priority = verdict.priority.adding(media: media)
            let details = TextItemAnalyzer.json(verdict)
            let score = Double(verdict.priority.score) / 100
            if let row {
                try await sql.raw("""
                    UPDATE signals SET score = \(bind: score), details = \(bind: details) WHERE id = \(bind: row.id)
                    """).run()
            } else {
                try await sql.raw("""
                    INSERT INTO signals (item_id, kind, score, details, created_at)
                    VALUES (\(bind: itemID), 'triage', \(bind: score), \(bind: details), \(bind: now))
                    """).run()
            }
        }
        try await sql.raw("""
            UPDATE items SET triage_score = \(bind: verdict.priority.score),
              triage_level = \(bind: TriageVerdict.rank(verdict.priority.level))
            WHERE id = \(bind: itemID)
            """).run()
    }

    /// Runs blocking work (tesseract, ffmpeg, hashing) on a thread of its own, so it never takes one
    /// of the few threads the checks' async work shares.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    /// Each item's key for the flood quarantine, as the check would have counted it.
    static func itemKeys(_ ids: [Int], on db: any Database) async throws -> [Int: String] {
        let items = try await Item.query(on: db).filter(\.$id ~~ ids).all()
        var keys: [Int: String] = [:]
        for item in items {
            guard let id = item.id else { continue }
            keys[id] = item.permalink ?? item.platformID ?? TextItemAnalyzer.analysedText(title: item.title, text: item.text)
        }
        return keys
    }
}
