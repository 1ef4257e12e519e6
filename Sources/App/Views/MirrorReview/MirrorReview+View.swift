import Foundation
import Plot
import Vapor

extension MirrorReview {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let s = m.evidence.signal
        return .div(
            .h1(.txt(t("mirror.review.title", ["host": s.candidate_host]))),
            .p(.a(.href("/items/\(m.evidence.itemID)"), .txt(t("triage.item", ["id": String(m.evidence.itemID)])))),
            MirrorEvidenceView.node(m.evidence, request: request),
            .if(m.canAct, .form(
                .method(.post), .action(MirrorEvidence.reviewPath(itemID: m.evidence.itemID, caseID: s.case_id) + "/accept"),
                .class("form"), .id("mirror-accept"),
                Forms.csrf(m.csrf),
                .p(.txt(t(s.covers_mirrors ? "mirror.note.covered" : "mirror.note.not_covered",
                          ["number": s.decision_number, "case": String(s.case_id)]))),
                Forms.textarea("note", label: t("mirror.review.grounds"), value: "", error: nil, max: 10_000, rows: 3,
                               hint: t("mirror.review.grounds_hint")),
                .button(.type(.submit), .txt(t("mirror.accept")))))
        )
    }
}
