import Detection
import Fluent
import Foundation
import SQLKit
import Vapor

/// Compares newly captured pages with every blocked site. A page whose site looks like one (a
/// `MirrorLikeness` candidate) becomes a `mirror` signal on the page's item, which puts the item in
/// the triage queue with the evidence of the likeness. Nobody is blocked by this: an analyst looks,
/// and accepting it is the original case's `report_mirror` step (`MirrorAcceptance`).
enum MirrorCheck {
    struct Proposal: Sendable {
        var signalID: Int
        var itemID: Int
        var signal: MirrorSignal
    }

    /// Pages fingerprinted per check at most: a site's first pages say what the site is.
    static let pagesPerCheck = 5

    static func run(captureIDs: [Int], app: Application) async throws -> [Proposal] {
        let pages = Array(captureIDs.prefix(pagesPerCheck))
        guard !pages.isEmpty else { return [] }
        let blocked = try await BlockedSites.load(app: app)
        guard !blocked.isEmpty else { return [] }
        var proposals: [Proposal] = []
        for captureID in pages {
            guard let capture = try await Capture.find(captureID, on: app.db) else { continue }
            let address = try await capture.sourceID.asyncFlatMap { try await Source.find($0, on: app.db)?.address }
            guard let host = MirrorHosts.host(of: address ?? capture.url),
                  !blocked.contains(where: { MirrorHosts.same($0.host, host) }),
                  try await !isCaseTarget(host, on: app.db)
            else { continue }
            var taken = try await SiteFingerprints.existing(for: capture, host: host, on: app.db)
            if taken == nil {
                taken = try await SiteFingerprints.take(captureID: captureID, host: host, caseID: nil,
                                                        fetchFavicon: true, app: app)
            }
            guard let taken else { continue }
            for site in blocked {
                guard let best = site.fingerprints
                    .map({ (stored: $0, likeness: MirrorLikeness.compare(taken.fingerprint, with: $0.fingerprint)) })
                    .max(by: { $0.likeness.score < $1.likeness.score }),
                    best.likeness.isCandidate
                else { continue }
                let signal = MirrorSignal(
                    case_id: site.caseID, block_order_id: site.orderID, court_decision_id: site.decisionID,
                    decision_number: site.decisionNumber, covers_mirrors: site.coversMirrors,
                    original_host: site.host, original_fingerprint_id: best.stored.id,
                    original_capture_id: best.stored.captureID, candidate_host: host,
                    candidate_fingerprint_id: taken.id, capture_id: captureID,
                    favicon_capture_id: taken.faviconCaptureID, score: best.likeness.score,
                    agreements: best.likeness.agreements)
                if let proposal = try await propose(signal, capture: capture, organizationID: site.organizationID,
                                                    app: app) {
                    proposals.append(proposal)
                }
            }
        }
        return proposals
    }

    /// A site already under a case (the blocked one, or an accepted mirror) is not proposed again.
    static func isCaseTarget(_ host: String, on db: any Database) async throws -> Bool {
        let bare = MirrorHosts.bare(host)
        return try await CaseRecord.query(on: db).filter(\.$target ~~ [bare, "www." + bare]).count() > 0
    }

    /// The signal on the page's item (this capture's version, else the source's latest version of
    /// the same page), the item's priority raised so the queue shows it, and the audit row — in one
    /// transaction. Nil when the page has no item or already carries this case's proposal.
    static func propose(_ signal: MirrorSignal, capture: Capture, organizationID: Int?, app: Application) async throws
        -> Proposal?
    {
        try await app.write { db -> Proposal? in
            guard let sql = db as? any SQLDatabase, let captureID = capture.id else { return nil }
            struct Row: Decodable { var id: Int }
            var item = try await sql.raw("""
                SELECT id FROM items WHERE capture_id = \(bind: captureID) ORDER BY id DESC LIMIT 1
                """).first(decoding: Row.self)
            if item == nil, let sourceID = capture.sourceID {
                item = try await sql.raw("""
                    SELECT i.id FROM items i JOIN captures c ON c.id = i.capture_id \
                    WHERE i.source_id = \(bind: sourceID) AND c.url = \(bind: capture.url) ORDER BY i.id DESC LIMIT 1
                    """).first(decoding: Row.self)
            }
            guard let itemID = item?.id else { return nil }
            struct Existing: Decodable { var details: String }
            let existing = try await sql.raw("""
                SELECT details FROM signals WHERE item_id = \(bind: itemID) AND kind = \(bind: MirrorSignal.kind)
                """).all(decoding: Existing.self)
            if existing.contains(where: { MirrorSignal.decode($0.details)?.case_id == signal.case_id }) { return nil }
            let now = Date()
            struct Inserted: Decodable { var id: Int }
            let inserted = try await sql.raw("""
                INSERT INTO signals (item_id, kind, score, organization_id, material_id, details, created_at) \
                VALUES (\(bind: itemID), \(bind: MirrorSignal.kind), \(bind: signal.score), \(bind: organizationID), \
                \(bind: Int?.none), \(bind: signal.encoded), \(bind: now)) RETURNING id
                """).first(decoding: Inserted.self)
            guard let signalID = inserted?.id else { return nil }
            let level = TriageVerdict.rank(signal.score >= 0.85 ? .high : .medium)
            let score = Int((signal.score * 100).rounded())
            try await sql.raw("""
                UPDATE items SET \
                triage_level = CASE WHEN triage_level IS NULL OR triage_level < \(bind: level) THEN \(bind: level) \
                ELSE triage_level END, \
                triage_score = CASE WHEN triage_score IS NULL OR triage_score < \(bind: score) THEN \(bind: score) \
                ELSE triage_score END \
                WHERE id = \(bind: itemID)
                """).run()
            try await AuditLog.append(
                on: db, actor: .system, action: "mirror.propose", objectType: "item", objectID: String(itemID),
                details: ["case_id": String(signal.case_id), "capture_id": String(captureID),
                          "target": signal.candidate_host,
                          "matches": signal.agreements.map(\.kind.rawValue).joined(separator: ",")])
            return Proposal(signalID: signalID, itemID: itemID, signal: signal)
        }
    }
}
