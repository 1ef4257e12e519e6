import Fluent
import Foundation
import KaiguulCore
import Vapor

/// What a case is opened with, or what is added to it later: findings from the triage queue (items
/// and tips) and captures chosen by hand (a re-capture, a mirror's capture).
struct EvidenceSelection: Sendable, Hashable {
    var itemIDs: [Int] = []
    var tipIDs: [Int] = []
    var captureIDs: [Int] = []

    /// A form or an API call names at most this many pieces at once.
    static let limit = 500

    var isEmpty: Bool { itemIDs.isEmpty && tipIDs.isEmpty && captureIDs.isEmpty }
    var count: Int { itemIDs.count + tipIDs.count + captureIDs.count }
}

/// Writes a case's evidence rows. An item brings its capture and the captures of its media files, so
/// the case holds what was served, not a copy; a tip brings itself and marks the tip as under
/// review. Pieces the case already holds are skipped (unique indexes back this up).
enum CaseEvidenceStore {
    /// Only analysts put evidence into a case; experts and legal officers add documents.
    static let roles: Set<Role> = [.analyst]

    /// Adds `selection` to a case in its own transaction, with a `case_events` row and an audit row
    /// naming every piece and its digest. Returns how many rows were added.
    @discardableResult
    static func add(_ selection: EvidenceSelection, caseID: Int, note: String, actor: CaseStore.Actor,
                    app: Application) async throws -> Int {
        try check(selection, actor: actor)
        return try await app.write { db in
            guard try await CaseRecord.find(caseID, on: db) != nil else { throw AppError.notFound }
            let added = try await attach(selection, caseID: caseID, note: note, actor: actor, on: db)
            guard !added.isEmpty else { return 0 }
            try await record(added, caseID: caseID, note: note, actor: actor, on: db)
            return added.count
        }
    }

    /// The refusals that need no database: who asks, and how much.
    static func check(_ selection: EvidenceSelection, actor: CaseStore.Actor) throws {
        guard let role = actor.role, roles.contains(role) else { throw AppError.forbidden }
        guard !selection.isEmpty else { throw AppError.invalid("evidence", "case.error.evidence_required") }
        guard selection.count <= EvidenceSelection.limit else {
            throw AppError.invalid("evidence", "error.too_many", ["max": String(EvidenceSelection.limit)])
        }
    }

    /// One row written.
    struct Added: Sendable {
        var kind: CaseEvidenceKind
        var objectID: Int
        var sha256: String?
    }

    /// Writes the rows inside the caller's transaction. Unknown ids are a 422 naming `evidence`
    /// (nothing is written: the caller's transaction rolls back).
    static func attach(_ selection: EvidenceSelection, caseID: Int, note: String, actor: CaseStore.Actor,
                       on db: any Database) async throws -> [Added] {
        let existing = try await CaseEvidence.query(on: db).filter(\.$caseID == caseID).all()
        var held = Set(existing.compactMap { row -> String? in
            guard let kind = CaseEvidenceKind(rawValue: row.kind) else { return nil }
            switch kind {
            case .capture, .media: return row.captureID.map { "\(kind.rawValue):\($0)" }
            case .item: return row.itemID.map { "item:\($0)" }
            case .tip: return row.tipID.map { "tip:\($0)" }
            case .url, .document: return nil
            }
        })
        var added: [Added] = []
        let trimmedNote = String(note.prefix(10_000))

        func add(_ kind: CaseEvidenceKind, id: Int, sha256: String?, url: String?) async throws {
            guard held.insert("\(kind.rawValue):\(id)").inserted else { return }
            let row = CaseEvidence()
            row.caseID = caseID
            row.kind = kind.rawValue
            row.note = trimmedNote
            row.url = url.map { String($0.prefix(4000)) }
            row.sha256 = sha256
            switch kind {
            case .capture, .media: row.captureID = id
            case .item: row.itemID = id
            case .tip: row.tipID = id
            case .url, .document: break
            }
            row.addedBy = actor.userID
            row.addedAt = Date()
            try await row.create(on: db)
            added.append(Added(kind: kind, objectID: id, sha256: sha256))
        }

        let itemIDs = Array(Set(selection.itemIDs)).sorted()
        let items = itemIDs.isEmpty ? [] : try await Item.query(on: db).filter(\.$id ~~ itemIDs).all()
        guard items.count == itemIDs.count else { throw AppError.invalid("evidence", "error.unknown_value") }
        var captureIDs = Set(selection.captureIDs)
        var mediaIDs = Set<Int>()
        for item in items.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
            if let capture = item.captureID { captureIDs.insert(capture) }
            for media in StoredMedia.decodeList(item.media) {
                if let capture = media.captureID { mediaIDs.insert(capture) }
            }
        }
        let allCaptureIDs = Array(captureIDs.union(mediaIDs)).sorted()
        let captures = allCaptureIDs.isEmpty ? [] : try await Capture.query(on: db).filter(\.$id ~~ allCaptureIDs).all()
        let byID = Dictionary(uniqueKeysWithValues: captures.compactMap { c in c.id.map { ($0, c) } })
        guard Set(selection.captureIDs).isSubset(of: Set(byID.keys)) else {
            throw AppError.invalid("evidence", "error.unknown_value")
        }
        for id in allCaptureIDs {
            guard let capture = byID[id] else { continue }
            // A media file is `media` whether it came with an item or with a page captured now.
            let kind: CaseEvidenceKind = capture.role == "media" ? .media : .capture
            try await add(kind, id: id, sha256: capture.payloadSHA256, url: capture.url)
        }
        for item in items.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
            try await add(.item, id: try item.requireID(), sha256: item.contentSHA256, url: item.permalink)
        }
        let tipIDs = Array(Set(selection.tipIDs)).sorted()
        let tips = tipIDs.isEmpty ? [] : try await Tip.query(on: db).filter(\.$id ~~ tipIDs).all()
        guard tips.count == tipIDs.count else { throw AppError.invalid("evidence", "error.unknown_value") }
        for tip in tips.sorted(by: { ($0.id ?? 0) < ($1.id ?? 0) }) {
            try await add(.tip, id: try tip.requireID(), sha256: nil, url: tip.urlList.first)
            if tip.caseID == nil { tip.caseID = caseID }
            if tip.status == TipStatus.received.rawValue { tip.status = TipStatus.underReview.rawValue }
            try await tip.update(on: db)
        }
        return added
    }

    /// The `case_events` row and the audit row for pieces just attached.
    static func record(_ added: [Added], caseID: Int, note: String, actor: CaseStore.Actor, on db: any Database)
        async throws
    {
        let event = CaseEvent()
        event.caseID = caseID
        event.actorID = actor.userID
        event.at = Date()
        event.action = "add_evidence"
        event.grounds = String(note.prefix(10_000))
        try await event.create(on: db)
        var details: [String: String] = ["count": String(added.count)]
        for kind in CaseEvidenceKind.allCases {
            let pieces = added.filter { $0.kind == kind }
            guard !pieces.isEmpty else { continue }
            details[kind.rawValue] = pieces.map { piece in
                piece.sha256.map { "\(piece.objectID)=\($0)" } ?? String(piece.objectID)
            }.joined(separator: ",")
        }
        try await AuditLog.append(on: db, actor: actor.audit, action: "case.evidence.add", objectType: "case",
                                  objectID: String(caseID), details: details)
    }
}
