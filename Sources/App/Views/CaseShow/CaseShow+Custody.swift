import Plot
import Vapor

/// The case's chain of custody: who opened, downloaded or packaged which of its evidence, when,
/// and the digest of what left (`CustodyTrail`). Nothing here links to the evidence: following a
/// link from this list would itself be a custody row.
extension CaseShow {
    struct CustodyList {
        var rows: [CustodyTrail.Row]
        var total: Int
    }

    static func custodySection(_ custody: CustodyList, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let count = custody.total > custody.rows.count
            ? t("custody.count_cut", ["shown": String(custody.rows.count), "total": String(custody.total)])
            : t("custody.count", ["total": String(custody.total)])
        let body: Node<HTML.BodyContext> = custody.rows.isEmpty
            ? .p(.class("empty"), .id("custody-empty"), .txt(t("custody.none")))
            : .group(
                .p(.class("muted"), .id("custody-count"), .attr("data-total", String(custody.total)), .txt(count)),
                .table(
                    .class("list"), .id("custody"),
                    .thead(.tr(.th(.txt(t("custody.when"))), .th(.txt(t("custody.who"))), .th(.txt(t("custody.what"))),
                               .th(.txt(t("custody.evidence"))), .th(.txt(t("custody.digest"))))),
                    .tbody(.forEach(custody.rows) { row in custodyRow(row, t: t) })))
        return .section(
            .id("custody-trail"),
            .h2(.txt(t("custody.title"))),
            .p(.class("muted"), .txt(t("custody.explain"))),
            body)
    }

    static func custodyRow(_ row: CustodyTrail.Row, t: Translator) -> Node<HTML.TableContext> {
        let details = row.detailValues
        let kind = row.kind?.rawValue ?? "open"
        let sha = details["sha256"] ?? ""
        return .tr(
            .attr("data-seq", String(row.seq)), .attr("data-kind", kind), .attr("data-action", row.action),
            .td(.txt(Formats.dateTime(row.at))),
            .td(.txt(custodyPerson(row, details: details))),
            .td(.span(.class("badge"), .txt(t("custody.kind.\(kind)"))), .text(" "),
                .txt(t("custody.action.\(row.action)"))),
            .td(.txt(t("custody.object.\(row.object_type)", ["id": row.object_id ?? "—"]))),
            .td(sha.isEmpty ? .text("—") : .code(.class("hash"), .attr("title", sha), .txt(shortDigest(sha)))))
    }

    /// The person's name now, with the account that acted; for the command line and the system, what
    /// the row itself says.
    static func custodyPerson(_ row: CustodyTrail.Row, details: [String: String]) -> String {
        if let name = row.person, !name.isEmpty { return "\(name) (\(row.actor_label))" }
        return details["person"] ?? row.actor_label
    }

    /// Enough of a digest to tell two apart at a glance; the whole one is in the title.
    static func shortDigest(_ sha: String) -> String {
        sha.count > 16 ? String(sha.prefix(16)) + "…" : sha
    }
}
