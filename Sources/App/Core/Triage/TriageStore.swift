import Detection
import Fluent
import Foundation
import SQLKit
import Vapor

/// The queue's decisions. Opening a case or adding to one is `CaseStore`'s and `CaseEvidenceStore`'s
/// work; dismissing is here: the dismissal, the item's training label and the audit rows are written
/// in one transaction, or nothing is.
enum TriageStore {
    struct Dismissal: Sendable {
        var reason: TriageDismissalReason
        var note: String

        static let maxNote = 2_000

        /// Checks a form's or the API's values; throws `FormErrors` naming `reason` and `note`.
        static func validate(reason: String?, note: String?) throws -> Dismissal {
            var errors: [String: AppError] = [:]
            let text = (note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let raw = reason ?? ""
            let reason = TriageDismissalReason(rawValue: raw)
            if reason == nil { errors["reason"] = .invalid("reason", raw.isEmpty ? "error.required" : "error.unknown_value") }
            if text.count > maxNote { errors["note"] = .invalid("note", "error.too_long", ["max": String(maxNote)]) }
            if reason?.needsNote == true, text.isEmpty { errors["note"] = .invalid("note", "triage.error.note_required") }
            guard errors.isEmpty, let reason else { throw FormErrors(errors: errors) }
            return Dismissal(reason: reason, note: text)
        }
    }

    /// Dismisses every selected finding not dismissed yet; returns how many were. Unknown ids are a
    /// 422 naming `findings`, and nothing is written.
    @discardableResult
    static func dismiss(_ selection: EvidenceSelection, _ dismissal: Dismissal, actor: AuditActor, app: Application)
        async throws -> Int
    {
        try await app.write { db in
            guard let sql = db as? any SQLDatabase else { return 0 }
            struct Row: Decodable { var id: Int }
            func existing(_ table: String, _ ids: [Int]) async throws -> Set<Int> {
                guard !ids.isEmpty else { return [] }
                return Set(try await sql.raw("SELECT id FROM \(unsafeRaw: table) WHERE id IN (\(binds: ids))")
                    .all(decoding: Row.self).map(\.id))
            }
            guard try await existing("items", selection.itemIDs).count == selection.itemIDs.count,
                  try await existing("tips", selection.tipIDs).count == selection.tipIDs.count
            else { throw AppError.invalid(TriageSelection.field, "error.unknown_value") }
            func dismissed(_ column: String, _ ids: [Int]) async throws -> Set<Int> {
                guard !ids.isEmpty else { return [] }
                return Set(try await sql.raw(
                    "SELECT \(unsafeRaw: column) AS id FROM triage_dismissals WHERE \(unsafeRaw: column) IN (\(binds: ids))"
                ).all(decoding: Row.self).map(\.id))
            }
            let doneItems = try await dismissed("item_id", selection.itemIDs)
            let doneTips = try await dismissed("tip_id", selection.tipIDs)
            let now = Date()
            var count = 0
            for (column, id) in selection.itemIDs.filter({ !doneItems.contains($0) }).map({ ("item", $0) })
                + selection.tipIDs.filter({ !doneTips.contains($0) }).map({ ("tip", $0) }) {
                let row = TriageDismissal()
                if column == "item" { row.itemID = id } else { row.tipID = id }
                row.reason = dismissal.reason.rawValue
                row.note = dismissal.note
                row.dismissedBy = actor.id
                row.dismissedAt = now
                try await row.create(on: db)
                if column == "item", let label = dismissal.reason.trainingLabel {
                    try await DecisionStore.record(itemID: id, label: label, actor: actor, on: db)
                }
                try await AuditLog.append(on: db, actor: actor, action: "triage.dismiss", objectType: column,
                                          objectID: String(id),
                                          details: ["reason": dismissal.reason.rawValue, "note": dismissal.note])
                count += 1
            }
            return count
        }
    }
}
