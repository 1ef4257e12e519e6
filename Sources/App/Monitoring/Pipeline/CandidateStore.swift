import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Vapor

/// Candidate sources: recorded by checks, decided by analysts. Accepting one registers a source
/// (origin `discovered`); nothing is watched before that.
enum CandidateStore {
    /// Adds new candidates and counts sightings of known ones. Sources already registered are skipped.
    static func record(_ candidates: [(kind: SourceKind, identity: String, address: String, foundAt: String)],
                       from source: SourceSnapshot, at now: Date, on db: any Database) async throws -> Int {
        guard !candidates.isEmpty, let sql = db as? any SQLDatabase else { return 0 }
        let registered = Set(try await Source.query(on: db).filter(\.$identity ~~ candidates.map(\.identity))
            .all(\.$identity))
        var count = 0
        for candidate in candidates where !registered.contains(candidate.identity) {
            try await sql.raw("""
                INSERT INTO candidate_sources (kind, identity, address, found_at, discovered_from_id, status,
                  seen_count, first_seen_at, last_seen_at)
                VALUES (\(bind: candidate.kind.rawValue), \(bind: candidate.identity),
                        \(bind: String(candidate.address.prefix(2000))), \(bind: String(candidate.foundAt.prefix(2000))),
                        \(bind: source.id), 'pending', 1, \(bind: now), \(bind: now))
                ON CONFLICT (identity) DO UPDATE SET seen_count = candidate_sources.seen_count + 1,
                  last_seen_at = excluded.last_seen_at
                """).run()
            count += 1
        }
        return count
    }

    enum Decision: String { case accept, reject }

    /// Records the analyst's decision. Accepting registers the source through `SourceStore.create`
    /// (its own audit row), then marks the candidate and links the new source to where it was found.
    static func decide(id: Int, _ decision: Decision, actor: AuditActor, app: Application) async throws -> Int? {
        guard let candidate = try await SourceCandidate.find(id, on: app.db) else { throw AppError.notFound }
        guard candidate.status == CandidateStatus.pending.rawValue else {
            throw AppError(status: .conflict, message: "candidate.already_decided")
        }
        var sourceID: Int?
        if decision == .accept {
            guard let kind = SourceKind(rawValue: candidate.kind) else { throw AppError.notFound }
            let raw = SourceInput.Raw(kind: kind.rawValue, address: candidate.address, title: "", region_id: nil,
                                      organization_id: nil, check_interval_minutes: "60", status: "active",
                                      notes: "Found at \(candidate.foundAt.prefix(1000))")
            let input = try SourceInput.validate(raw)
            do {
                sourceID = try await SourceStore.create(input, origin: .discovered, actor: actor, app: app)
            } catch let duplicate as SourceStore.Duplicate {
                sourceID = duplicate.existingID
            }
        }
        let linked = sourceID
        try await app.write { db in
            guard let row = try await SourceCandidate.find(id, on: db),
                  row.status == CandidateStatus.pending.rawValue else {
                throw AppError(status: .conflict, message: "candidate.already_decided")
            }
            row.status = decision == .accept ? CandidateStatus.accepted.rawValue : CandidateStatus.rejected.rawValue
            row.decidedBy = actor.id
            row.decidedAt = Date()
            row.sourceID = linked
            try await row.update(on: db)
            if let linked, let from = row.discoveredFromID {
                try await Source.query(on: db).filter(\.$id == linked).filter(\.$discoveredFromID == nil)
                    .set(\.$discoveredFromID, to: from).update()
            }
            try await AuditLog.append(on: db, actor: actor, action: "candidate.\(decision.rawValue)",
                                      objectType: "candidate_source", objectID: String(id),
                                      details: ["identity": row.identity, "source_id": linked.map(String.init) ?? ""])
        }
        return sourceID
    }
}
