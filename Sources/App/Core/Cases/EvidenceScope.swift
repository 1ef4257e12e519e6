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
/// Every opening and download is a custody row (`Custody`), whoever reads.
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

    /// Whether a case `user` may see holds the object.
    static func heldByVisibleCase(_ object: Object, user: CurrentUser, on db: any Database) async throws -> Bool {
        let caseIDs = try await casesHolding(object, on: db)
        guard !caseIDs.isEmpty else { return false }
        return try await CaseQuery.base(on: db, user: user).filter(\.$id ~~ caseIDs).count() > 0
    }

    /// The cases that hold the object, whoever may see them. A capture is held when a case holds
    /// it, an item read from it, or the page it is a media file of (an archived page's images).
    /// `CustodyTrail` reads the same rule from the case's side.
    static func casesHolding(_ object: Object, on db: any Database) async throws -> [Int] {
        var caseIDs: [Int] = []
        switch object {
        case .item(let id):
            caseIDs = try await CaseEvidence.query(on: db).filter(\.$itemID == id).all(\.$caseID)
        case .capture(let id):
            guard let capture = try await Capture.find(id, on: db) else { return [] }
            let captureIDs = [id] + (capture.parentCaptureID.map { [$0] } ?? [])
            caseIDs = try await CaseEvidence.query(on: db).filter(\.$captureID ~~ captureIDs).all(\.$caseID)
            let itemIDs = try await Item.query(on: db).filter(\.$captureID ~~ captureIDs).limit(1_000).all(\.$id)
            if !itemIDs.isEmpty {
                caseIDs += try await CaseEvidence.query(on: db).filter(\.$itemID ~~ itemIDs).all(\.$caseID)
            }
        }
        return Array(Set(caseIDs)).sorted()
    }
}
