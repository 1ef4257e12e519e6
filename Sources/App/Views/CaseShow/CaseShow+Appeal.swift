import KaiguulCore
import Plot
import Vapor

extension CaseShow {
    /// A court decision's appeal state beside it, and for a legal officer the step that may follow
    /// (`CourtDecisionAppeal.next`). The state leaves with every object resting on the decision.
    static func appeal(_ d: CourtDecision, _ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let state = CourtDecisionAppeal.state(of: d, among: m.decisions)
        let next = request.can(.update, .courtDecision) ? CourtDecisionAppeal.next(after: state) : []
        return .group(
            .text(" · "),
            .span(.class("badge appeal-\(state.rawValue)"), .attr("data-appeal", state.rawValue),
                  .txt(t("appeal_state.\(state.rawValue)"))),
            .if(!next.isEmpty, .form(
                .method(.post), .attr("action", "/court-decisions/\(d.id ?? 0)/appeal"), .class("inline appeal-form"),
                Forms.csrf(m.csrf),
                .forEach(next) { step in
                    .button(.type(.submit), .name("appeal_state"), .value(step.rawValue),
                            .txt(t("appeal_state.record_\(step.rawValue)")))
                }
            ))
        )
    }
}
