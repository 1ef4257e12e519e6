import Fluent
import Foundation
import KaiguulCore
import Vapor

/// Which captured evidence a person may open: the one rule behind the item page, the item API, the
/// raw-record and media downloads and the archived view.
///
/// - Scope `all` (analyst, auditor, admin): every item and capture.
/// - Scope `assigned` (expert, legal): only what a case they may see holds: for an expert, the
///   cases referred to them; for a legal officer, any case (`CaseQuery.base` decides which cases).
///   Anything else is answered as absent (404), so nobody learns what else was captured.
///
/// Openings by `assigned` readers are audited (actor, object, digests); downloads by everyone.
enum EvidenceScope {
    enum Object: Sendable, Hashable {
        case item(Int)
        case capture(Int)
    }

    /// Passes, or throws 403 (the role may never view it) or 404 (outside the reader's cases).
    /// Returns the scope, which says whether an opening must be audited.
    @discardableResult
    static func check(_ object: Object, user: CurrentUser, on db: any Database) async throws -> Scope {
        let resource: Resource
        switch object {
        case .item: resource = .item
        case .capture: resource = .capture
        }
        guard case .allow(let scope) = Permissions.decide(role: user.role, action: .view, resource: resource) else {
            throw AppError.forbidden
        }
        switch scope {
        case .all:
            return .all
        case .assigned:
            guard try await heldByVisibleCase(object, user: user, on: db) else { throw AppError.notFound }
            return .assigned
        case .own:
            throw AppError.notFound
        }
    }

    /// Whether a case `user` may see holds the object. A capture is held when a case holds it, an
    /// item read from it, or the page it is a media file of (an archived page's images).
    static func heldByVisibleCase(_ object: Object, user: CurrentUser, on db: any Database) async throws -> Bool {
        var caseIDs: [Int] = []
        switch object {
        case .item(let id):
            caseIDs = try await CaseEvidence.query(on: db).filter(\.$itemID == id).all(\.$caseID)
        case .capture(let id):
            guard let capture = try await Capture.find(id, on: db) else { return false }
            let captureIDs = [id] + (capture.parentCaptureID.map { [$0] } ?? [])
            caseIDs = try await CaseEvidence.query(on: db).filter(\.$captureID ~~ captureIDs).all(\.$caseID)
            let itemIDs = try await Item.query(on: db).filter(\.$captureID ~~ captureIDs).limit(1_000).all(\.$id)
            if !itemIDs.isEmpty {
                caseIDs += try await CaseEvidence.query(on: db).filter(\.$itemID ~~ itemIDs).all(\.$caseID)
            }
        }
        guard !caseIDs.isEmpty else { return false }
        return try await CaseQuery.base(on: db, user: user).filter(\.$id ~~ Array(Set(caseIDs))).count() > 0
    }

    /// Writes the audit row of an opening: `action` names what was opened and how
    /// (`item.open`, `capture.open`, `capture.download`, `media.download`).
    static func audit(action: String, object: Object, user: CurrentUser, details: [String: String],
                      app: Application) async throws {
        let (type, id): (String, Int)
        switch object {
        case .item(let itemID): (type, id) = ("item", itemID)
        case .capture(let captureID): (type, id) = ("capture", captureID)
        }
        var details = details.filter { !$0.value.isEmpty }
        details["role"] = user.role.rawValue
        let fixed = details
        try await app.write { db in
            try await AuditLog.append(on: db, actor: user.auditActor, action: action, objectType: type,
                                      objectID: String(id), details: fixed)
        }
    }

    /// The digests an audit row names for a capture.
    static func digests(of capture: Capture?) -> [String: String] {
        guard let capture else { return [:] }
        return ["capture_id": capture.id.map(String.init) ?? "", "payload_sha256": capture.payloadSHA256 ?? "",
                "record_digests": capture.recordDigests ?? "", "warc_file": capture.warcFile ?? "",
                "warc_offset": capture.warcOffset.map(String.init) ?? ""]
    }
}
