import KaiguulCore
import Plot
import Vapor

/// One form per action the workflow allows this user now — and only those.
extension CaseShow {
    static func actionsSection(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let id = m.record.id ?? 0
        let assign: Node<HTML.BodyContext> = m.canAssign ? .form(
            .method(.post), .action("/cases/\(id)/assign"), .id("assign-form"), .class("inline"),
            Forms.csrf(m.csrf),
            Forms.select("assignee_id", label: t("case.assignee"),
                         options: m.people.sorted { $0.key < $1.key }.map { (String($0.key), $0.value) },
                         selected: m.record.assigneeID.map(String.init) ?? "", error: nil, includeBlank: true),
            .button(.type(.submit), .txt(t("case.assign")))
        ) : .empty
        guard !m.actions.isEmpty || m.canAssign else { return .empty }
        return .section(
            .id("actions"),
            .h2(.txt(t("case.actions"))),
            .forEach(m.actions) { kind in actionForm(kind, m, request: request) },
            assign
        )
    }

    static func actionForm(_ kind: CaseAction.Kind, _ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let id = m.record.id ?? 0
        let v = m.values?.action == kind.rawValue ? m.values : nil
        func err(_ field: String) -> String? {
            guard m.values?.action == kind.rawValue, let e = m.error, e.field == field else { return nil }
            return e.text(t)
        }
        let grounds: Node<HTML.FormContext> = Forms.textarea("grounds", label: t("case.grounds"),
                                                             value: v?.grounds ?? "", error: err("grounds"),
                                                             max: 10_000, rows: 2)
        let fields: Node<HTML.FormContext>
        switch kind {
        case .referToExpert:
            fields = .group(Forms.select("expert_id", label: t("case.expert"),
                                         options: m.experts.map { (String($0.id ?? 0), $0.displayName) },
                                         selected: v?.expert_id ?? "", error: err("expert_id"), required: true),
                            grounds)
        case .recordExpertConclusion:
            fields = .group(
                Forms.select("finding", label: t("case.finding"),
                             options: CaseAction.ExpertFinding.allCases.map { ($0.rawValue, t("finding." + $0.rawValue)) },
                             selected: v?.finding ?? "", error: err("finding"), required: true,
                             includeBlank: true),
                documentSelect(m, kind: .expertConclusion, selected: v?.document_id, error: err("document_id"), t: t),
                grounds)
        case .recordCourtDecision:
            fields = .group(
                Forms.select("outcome", label: t("case.outcome"),
                             options: CaseAction.CourtOutcome.allCases.map { ($0.rawValue, t("court_outcome." + $0.rawValue)) },
                             selected: v?.outcome ?? "ordered", error: err("outcome"), required: true),
                decisionFields(v, err: err, t: t),
                CollateralWarning.inForm(m.collateral, t: t),
                Forms.textarea("targets", label: t("case.decision_targets"), value: v?.targets ?? m.record.target,
                               error: err("targets"), max: 100_000, rows: 3,
                               hint: t("case.decision_targets.hint") + ". " + t("case.decision_targets.port_hint")),
                .div(.class("field"),
                     .label(v?.covers_mirrors == "on"
                                ? .input(.type(.checkbox), .name("covers_mirrors"), .value("on"), .attr("checked", "checked"))
                                : .input(.type(.checkbox), .name("covers_mirrors"), .value("on")),
                            .text(" "), .txt(t("case.covers_mirrors")))),
                documentSelect(m, kind: .courtDecision, selected: v?.document_id, error: err("document_id"), t: t),
                grounds)
        case .liftBlock:
            fields = .group(decisionFields(v, err: err, t: t),
                            documentSelect(m, kind: .courtDecision, selected: v?.document_id,
                                           error: err("document_id"), t: t),
                            grounds)
        case .reportMirror:
            fields = .group(Forms.text("mirror_target", label: t("case.mirror_target"), value: v?.mirror_target ?? "",
                                       error: err("mirror_target"), required: true, max: 2048), grounds)
        default:
            fields = grounds
        }
        return .form(
            .method(.post), .action("/cases/\(id)/transitions"), .class("case-action"),
            .id("action-" + kind.rawValue),
            // The refusal of this form's step is listed at its top and focused, where the person acted.
            .unwrap(v == nil ? nil : m.error) { e in Forms.errors([e.field ?? "": e], t) },
            Forms.csrf(m.csrf),
            .input(.type(.hidden), .name("action"), .value(kind.rawValue)),
            .h3(.txt(t("case_action." + kind.rawValue))),
            fields,
            .button(.type(.submit), .class("primary"), .txt(t("case_action." + kind.rawValue)))
        )
    }

    static func decisionFields(_ v: TransitionRequest.Raw?, err: (String) -> String?, t: Translator)
        -> Node<HTML.FormContext>
    {
        .group(
            Forms.text("court", label: t("case.court"), value: v?.court ?? "", error: err("court"), required: true,
                       max: 300),
            Forms.text("number", label: t("case.decision_number"), value: v?.number ?? "", error: err("number"),
                       required: true, max: 100),
            Forms.text("date", label: t("case.decision_date"), value: v?.date ?? "", error: err("date"),
                       required: true, max: 10, type: "date")
        )
    }

    static func documentSelect(_ m: Model, kind: DocumentKind, selected: String?, error: String?, t: Translator)
        -> Node<HTML.FormContext>
    {
        let options: [(value: String, label: String)] = m.documents.filter { $0.kind == kind.rawValue }
            .map { (String($0.id ?? 0), $0.filename + " · " + String($0.sha256.prefix(12))) }
        // No document is chosen for the person: signing for the wrong file must take a deliberate click.
        return Forms.select("document_id", label: t("document_kind." + kind.rawValue), options: options,
                            selected: selected ?? "", error: error ?? (options.isEmpty
                                ? t("case.upload_first") : nil), required: true, includeBlank: true)
    }
}
