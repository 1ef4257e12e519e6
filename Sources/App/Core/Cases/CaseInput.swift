import Exchange
import Fluent
import Foundation
import KaiguulCore

/// A new case as validated from a form or the API body.
struct CaseInput: Sendable {
    var title: String
    var target: BlockTarget
    var platform: String?
    var regionID: Int?
    var organizationID: Int?
    var assigneeID: Int?
    var evidenceURL: String?
    var note: String

    struct Raw: Codable, Sendable {
        var title: String?
        var target: String?
        var region_id: String?
        var organization_id: String?
        var assignee_id: String?
        var evidence_url: String?
        var note: String?
    }

    static let titleMax = 300
    static let noteMax = 10_000

    /// Every problem at once, each naming its field, so the form lists them all at the top.
    static func validate(_ raw: Raw) throws -> CaseInput {
        var errors: [String: AppError] = [:]
        let title = FieldRules.line(raw.title, field: "title", max: titleMax, into: &errors)
        var target: BlockTarget?
        do {
            target = try CaseInput.parseTarget(raw.target ?? "", field: "target")
        } catch let e as AppError {
            errors["target"] = e
        }
        func id(_ text: String?, _ field: String) -> Int? {
            guard let text, !text.isEmpty else { return nil }
            guard text.count <= 18, let v = Int(text), v > 0 else {
                errors[field] = .invalid(field, "error.unknown_value")
                return nil
            }
            return v
        }
        let region = id(raw.region_id, "region_id")
        let org = id(raw.organization_id, "organization_id")
        let assignee = id(raw.assignee_id, "assignee_id")
        var evidenceURL: String?
        if let url = raw.evidence_url?.trimmingCharacters(in: .whitespacesAndNewlines), !url.isEmpty {
            if url.count > 2048 || !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                errors["evidence_url"] = .invalid("evidence_url", "case.error.invalid_url")
            } else {
                evidenceURL = url
            }
        }
        let note = FieldRules.text(raw.note, field: "note", max: noteMax, into: &errors)
        guard errors.isEmpty, let target else { throw FormErrors(errors: errors) }
        return CaseInput(title: title, target: target, platform: target.platformID, regionID: region,
                         organizationID: org, assigneeID: assignee, evidenceURL: evidenceURL, note: note)
    }

    /// A domain, URL or account as `BlockTarget` reads it, or a 422 naming the field (and the line,
    /// for one entry of a list) with what is wrong in words.
    static func parseTarget(_ text: String, field: String, line: Int? = nil) throws -> BlockTarget {
        do {
            return try BlockTarget.parse(text)
        } catch {
            throw AppError.target(error, field: field, line: line)
        }
    }

    func checkReferences(on db: any Database) async throws {
        if let r = regionID, try await Region.find(r, on: db) == nil {
            throw AppError.invalid("region_id", "error.unknown_value")
        }
        if let o = organizationID, try await Organization.find(o, on: db) == nil {
            throw AppError.invalid("organization_id", "error.unknown_value")
        }
        if let a = assigneeID { try await CaseStore.checkAssignee(a, on: db) }
    }
}

/// One requested step, with what the person submitted for it.
struct TransitionRequest: Sendable {
    var action: CaseAction
    var grounds: String
    var documentID: Int?
    /// The court decision recorded with `recordCourtDecision` or `liftBlock`.
    var decision: DecisionInput?
    /// The mirror's address for `reportMirror`.
    var mirror: BlockTarget?
    /// The mirror captured before the step's transaction (`CaseStore.transition` fetches it); the
    /// linked case is opened holding it.
    var mirrorCapture: CaseCapture.Captured?

    struct DecisionInput: Sendable {
        var court: String
        var number: String
        var date: String
        var targets: [BlockTarget]
        /// The decision's wording reaches mirrors and copies of what it names.
        var coversMirrors = false
    }

    /// What a form or API body carries; every field is text so both share one validation.
    struct Raw: Codable, Sendable {
        var action: String?
        var grounds: String?
        var document_id: String?
        var expert_id: String?
        var finding: String?
        var outcome: String?
        var court: String?
        var number: String?
        var date: String?
        var targets: String?
        var mirror_target: String?
        /// `on`/`true`/`1` when the decision's wording reaches mirrors (checkbox).
        var covers_mirrors: String?
    }

    static func validate(_ raw: Raw) throws -> TransitionRequest {
        guard let kind = raw.action.flatMap(CaseAction.Kind.init(rawValue:)), kind != .open else {
            throw AppError.invalid("action", "case.error.unknown_action")
        }
        let action: CaseAction
        switch kind {
        case .open, .startReview: action = .startReview
        case .dismiss: action = .dismiss
        case .referToExpert:
            guard let text = raw.expert_id, let id = Int(text), id > 0 else {
                throw AppError.invalid("expert_id", "error.required")
            }
            action = .referToExpert(expertID: String(id))
        case .withdrawReferral: action = .withdrawReferral
        case .recordExpertConclusion:
            guard let finding = raw.finding.flatMap(CaseAction.ExpertFinding.init(rawValue:)) else {
                throw AppError.invalid("finding", "error.required")
            }
            action = .recordExpertConclusion(finding)
        case .submitToCourt: action = .submitToCourt
        case .recordCourtDecision:
            guard let outcome = raw.outcome.flatMap(CaseAction.CourtOutcome.init(rawValue:)) else {
                throw AppError.invalid("outcome", "error.required")
            }
            action = .recordCourtDecision(outcome)
        case .appeal: action = .appeal
        case .markBlocked: action = .markBlocked
        case .liftBlock: action = .liftBlock
        case .reportMirror: action = .reportMirror
        case .reopen: action = .reopen
        }
        let grounds = String((raw.grounds ?? "").prefix(10_000))
        var documentID: Int?
        if let text = raw.document_id, !text.isEmpty {
            guard text.count <= 18, let id = Int(text), id > 0 else {
                throw AppError.invalid("document_id", "error.unknown_value")
            }
            documentID = id
        }
        var decision: DecisionInput?
        if kind == .recordCourtDecision || kind == .liftBlock {
            decision = try validateDecision(raw, needsTargets: kind == .recordCourtDecision && raw.outcome == "ordered")
            // The document is checked here too, so a form reports it next to the field (422).
            if documentID == nil { throw AppError.invalid("document_id", "case.error.document_required") }
        }
        if kind == .recordExpertConclusion, documentID == nil {
            throw AppError.invalid("document_id", "case.error.document_required")
        }
        var mirror: BlockTarget?
        if kind == .reportMirror {
            mirror = try CaseInput.parseTarget(raw.mirror_target ?? "", field: "mirror_target")
        }
        return TransitionRequest(action: action, grounds: grounds, documentID: documentID, decision: decision,
                                 mirror: mirror)
    }

    private static func validateDecision(_ raw: Raw, needsTargets: Bool) throws -> DecisionInput {
        func required(_ value: String?, _ field: String, max: Int) throws -> String {
            let text = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw AppError.invalid(field, "error.required") }
            guard text.count <= max else { throw AppError.invalid(field, "error.too_long", ["max": String(max)]) }
            // The court and the number go into block lists, CSV files and court packets as one line.
            guard !text.unicodeScalars.contains(where: isControl) else {
                throw AppError.invalid(field, "error.control_chars")
            }
            return text
        }
        let court = try required(raw.court, "court", max: 300)
        let number = try required(raw.number, "number", max: 100)
        let date = try required(raw.date, "date", max: 10)
        guard isCalendarDate(date) else { throw AppError.invalid("date", "case.error.invalid_date") }
        let targets = try parseTargetLines(raw.targets ?? "", field: "targets")
        if needsTargets && targets.isEmpty { throw AppError.invalid("targets", "error.required") }
        let coversMirrors = ["on", "true", "1"].contains(raw.covers_mirrors ?? "")
        return DecisionInput(court: court, number: number, date: date, targets: targets, coversMirrors: coversMirrors)
    }

    static let maxTargetLines = 500

    /// One target per line, blank lines skipped. A refused line is named by its number as the
    /// person sees it in the text box (blank lines counted), so "line 3" is the third line.
    static func parseTargetLines(_ text: String, field: String) throws -> [BlockTarget] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let filled = lines.enumerated().map { ($0.offset + 1, $0.element.trimmingCharacters(in: .whitespaces)) }
            .filter { !$0.1.isEmpty }
        guard filled.count <= maxTargetLines else {
            throw AppError.invalid(field, "error.too_many_lines", ["max": String(maxTargetLines)])
        }
        return try filled.map { number, line in try CaseInput.parseTarget(line, field: field, line: number) }
    }

    /// Control characters (tab and line breaks included), line and paragraph separators, and the
    /// bidirectional controls that make a decision number read differently from what it is.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: scalar.properties.isBidiControl
        }
    }

    static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              parts[0].count == 4, (1900...2200).contains(y), (1...12).contains(m), (1...31).contains(d)
        else { return false }
        return true
    }
}
