import Detection
import Exchange
import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Vapor

/// Accepting a proposed mirror: the original case's `report_mirror` step with the candidate's own
/// captures (its page and favicon, taken when it was found), so the linked case rests on the same
/// evidence the proposal showed and on the original court decision. In the same transaction the
/// page's item joins the linked case (the finding leaves the queue as "in case") and the linked case
/// gets a note saying whether the original decision's wording covers mirrors — if not, the mirror
/// needs a decision of its own.
enum MirrorAcceptance {
    struct Accepted: Sendable {
        var originalCaseID: Int
        var linkedCaseID: Int
        var coversMirrors: Bool
    }

    /// The proposal is named by its item and the original case (one proposal per pair).
    static func accept(itemID: Int, caseID: Int, grounds: String, actor: CaseStore.Actor, t: Translator,
                       app: Application) async throws -> Accepted
    {
        guard let sql = app.db as? any SQLDatabase else { throw AppError.notFound }
        struct Row: Decodable { var details: String }
        let rows = try await sql.raw("""
            SELECT details FROM signals WHERE item_id = \(bind: itemID) AND kind = \(bind: MirrorSignal.kind) \
            ORDER BY id DESC LIMIT 50
            """).all(decoding: Row.self)
        guard let signal = rows.lazy.compactMap({ MirrorSignal.decode($0.details) }).first(where: { $0.case_id == caseID })
        else { throw AppError.notFound }
        guard let target = try? BlockTarget.parse(signal.candidate_host) else {
            throw AppError.invalid("mirror_target", "case.error.no_address")
        }
        let note = String(grounds.trimmingCharacters(in: .whitespacesAndNewlines).prefix(10_000))
        let said = note.isEmpty ? t("mirror.accept.grounds", ["host": signal.candidate_host,
                                                              "agreements": MirrorWords.agreements(signal, t)])
                                : note
        let page = try await Capture.find(signal.capture_id, on: app.db)
        let captured = CaseCapture.Captured(pageCaptureID: signal.capture_id,
                                            mediaCaptureIDs: signal.favicon_capture_id.map { [$0] } ?? [],
                                            payloadSHA256: page?.payloadSHA256)
        let request = TransitionRequest(action: .reportMirror, grounds: said, documentID: nil, decision: nil,
                                        mirror: target, mirrorCapture: captured)
        return try await app.write { db in
            let outcome = try await CaseStore.transition(caseID: signal.case_id, request, actor: actor, on: db)
            guard let linked = outcome.linkedCaseID else { throw AppError.notFound }
            let added = try await CaseEvidenceStore.attach(EvidenceSelection(itemIDs: [itemID]), caseID: linked,
                                                           note: said, actor: actor, on: db)
            if !added.isEmpty { try await CaseEvidenceStore.record(added, caseID: linked, note: said, actor: actor, on: db) }
            let decision = try await outcome.mirroredDecisionID.asyncFlatMap { try await CourtDecision.find($0, on: db) }
            let covers = decision?.coversMirrors ?? false
            let number = decision?.number ?? signal.decision_number
            let event = CaseEvent()
            event.caseID = linked
            event.actorID = actor.userID
            event.at = Date()
            event.action = "comment"
            event.grounds = t(covers ? "mirror.note.covered" : "mirror.note.not_covered",
                              ["number": number, "case": String(signal.case_id)])
            try await event.create(on: db)
            try await AuditLog.append(
                on: db, actor: actor.audit, action: "mirror.accept", objectType: "item", objectID: String(itemID),
                details: ["case_id": String(signal.case_id), "linked_case_id": String(linked),
                          "court_decision_id": decision?.id.map(String.init) ?? String(signal.court_decision_id),
                          "target": signal.candidate_host])
            return Accepted(originalCaseID: signal.case_id, linkedCaseID: linked, coversMirrors: covers)
        }
    }
}

/// A proposal's agreements in the reader's words (`tracker ga:UA-1-1, favicon, text 93%`).
enum MirrorWords {
    static func agreements(_ signal: MirrorSignal, _ t: Translator) -> String {
        signal.agreements.map { one($0, t) }.joined(separator: "; ")
    }

    static func one(_ agreement: MirrorLikeness.Agreement, _ t: Translator) -> String {
        let kind = t("mirror.agreement.\(agreement.kind.rawValue)")
        let percent = String(Int((agreement.closeness * 100).rounded())) + "%"
        switch agreement.kind {
        case .tracker, .tls, .favicon, .title:
            return kind + (agreement.value.map { " " + $0 } ?? "")
        case .text, .logo, .screenshot:
            return kind + " " + percent
        }
    }
}
