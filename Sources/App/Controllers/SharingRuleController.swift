import Fluent
import KaiguulCore
import Vapor

/// What may leave, to whom, at which TLP level. Legal officers and admins create and revoke rules;
/// analysts and auditors see them. Nothing leaves that no active rule names.
enum SharingRuleController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .sharingRule)
        return try await render(req, values: [:], errors: [:])
    }

    struct CreateForm: Content {
        var partner_id: String?
        /// `organization:ID`, `bank:ID`, or `case` with the number in `case_id`.
        var subject: String?
        var case_id: String?
        var subject_kind: String?
        var subject_id: String?
        var tlp: String?
        var title: String?
        var note: String?
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.create, .sharingRule)
        let form = try req.input(CreateForm.self)
        var kind = form.subject_kind, id = form.subject_id
        if let subject = form.subject, !subject.isEmpty {
            let parts = subject.split(separator: ":", maxSplits: 1).map(String.init)
            kind = parts.first
            id = parts.first == SharingSubject.case.rawValue ? form.case_id : (parts.count > 1 ? parts[1] : nil)
        }
        let values = ["partner_id": form.partner_id ?? "", "subject": form.subject ?? "", "case_id": form.case_id ?? "",
                      "tlp": form.tlp ?? "", "title": form.title ?? "", "note": form.note ?? ""]
        do {
            let rule = try await SharingRuleStore.create(
                .init(partnerID: form.partner_id, subjectKind: kind, subjectID: id, tlp: form.tlp, title: form.title,
                      note: form.note),
                actor: actor.auditActor, language: req.language, app: req.application)
            Flash.set(req, "flash.sharing_rule_created", ["title": rule.title])
            return req.redirect(to: "/sharing#rule-\(rule.id ?? 0)")
        } catch let errors as FormErrors {
            // The case number is typed in its own field; its error belongs there.
            var shown = errors.errors
            if form.subject == SharingSubject.case.rawValue, let problem = shown.removeValue(forKey: "subject_id") {
                shown["case_id"] = AppError.invalid("case_id", problem.message, problem.values)
            } else if let problem = shown.removeValue(forKey: "subject_kind") ?? shown.removeValue(forKey: "subject_id") {
                shown["subject"] = AppError.invalid("subject", problem.message, problem.values)
            }
            return try await render(req, values: values, errors: shown)
        }
    }

    @Sendable static func revoke(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.delete, .sharingRule)
        try await SharingRuleStore.revoke(try req.idParameter(), actor: actor.auditActor, app: req.application)
        Flash.set(req, "flash.sharing_rule_revoked")
        return req.redirect(to: "/sharing")
    }

    private static func render(_ req: Request, values: [String: String], errors: [String: AppError]) async throws -> Response {
        let model = try await SharingRuleIndex.load(req, values: values, errors: errors)
        return req.page(req.t("sharing.rules.title"), status: errors.isEmpty ? .ok : .unprocessableEntity,
                        SharingRuleIndex.view(model, request: req))
    }
}
