import Foundation
import Plot
import Vapor

/// The evidence of a possible mirror in a triage row: which blocked site it looks like, each
/// agreeing fingerprint and how closely, whether the original decision covers mirrors, and the link
/// to its review page, where an analyst accepts it (shown on the queue and on the item page alike).
enum MirrorEvidenceView {
    static func node(_ evidence: MirrorEvidence, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let s = evidence.signal
        let percent = String(Int((s.score * 100).rounded()))
        return .div(
            .class("mirror-evidence"), .id("mirror-\(evidence.itemID)-\(s.case_id)"),
            .p(.strong(.txt(t("mirror.candidate", ["host": s.candidate_host, "original": s.original_host]))),
               .txt(" "), .span(.class("badge"), .txt(t("mirror.likeness", ["percent": percent])))),
            .p(.small(.txt(t("mirror.original") + " ")),
               .a(.href("/cases/\(s.case_id)"), .txt("#\(s.case_id)")),
               .small(.txt(" · " + t("mirror.decision", ["number": s.decision_number]) + " · "
                           + t(s.covers_mirrors ? "mirror.covers" : "mirror.not_covered")))),
            .ul(.class("agreements"), .forEach(s.agreements) { agreement in
                .li(.attr("data-kind", agreement.kind.rawValue), .txt(MirrorWords.one(agreement, t)))
            }),
            .p(.a(.class("mirror-review"), .href(MirrorEvidence.reviewPath(itemID: evidence.itemID, caseID: s.case_id)),
                  .txt(t("mirror.review"))))
        )
    }
}
