import Plot
import Vapor

extension ArchivedView {
    /// The banner stays outside the frame, in our own page: nothing the archived page does can
    /// cover or imitate it.
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let c = m.capture
        return .div(
            .class("archived-view"),
            .h1(.txt(t("archived.title"))),
            .div(.class("alert archived-banner"), .id("archived-banner"), .attr("role", "note"),
                 .p(.strong(.txt(t("archived.banner")))),
                 .dl(.class("facts"),
                     .dt(.txt(t("archived.url"))), .dd(.code(.txt(c.url))),
                     .dt(.txt(t("archived.captured_at"))),
                     .dd(.id("archived-time"), .txt(Formats.dateTime(c.fetchedAt))),
                     .dt(.txt("SHA-256")), .dd(.code(.class("hash"), .id("archived-sha256"), .txt(c.payloadSHA256 ?? "—"))),
                     .dt(.txt(t("evidence.collector"))), .dd(.txt(c.collector)),
                     .dt(.txt(t("evidence.warc"))),
                     .dd(.code(.txt("\(c.warcFile ?? "—") @ \(c.warcOffset ?? 0) (+\(c.warcLength ?? 0))"))),
                     EvidenceTimestamp.facts(m.timestamp, t: t),
                     .dt(.txt(t("item.raw_record"))),
                     .dd(.a(.attr("href", "/captures/\(c.id ?? 0)/record"), .txt(t("item.download_record")))))),
            .iframe(.attr("sandbox", ""), .attr("src", m.contentPath), .id("archived-frame"),
                    .attr("title", t("archived.frame")), .attr("referrerpolicy", "no-referrer"),
                    .attr("width", "100%"), .attr("height", "800"))
        )
    }
}
