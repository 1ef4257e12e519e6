import Plot
import Vapor

extension SourceShow {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let s = m.source
        func row(_ key: String, _ value: String) -> Node<HTML.DescriptionListContext> {
            .group(.dt(.txt(t(key))), .dd(.txt(value.isEmpty ? "—" : value)))
        }
        return .div(
            .div(.class("title-row"),
                 .h1(.txt(s.title.isEmpty ? s.address : s.title)),
                 .if(m.canEdit, .a(.class("button"), .attr("href", "/sources/\(s.id ?? 0)/edit"), .txt(t("action.edit"))))),
            .dl(
                .class("details"),
                row("source.address", s.address), row("source.identity", s.identity),
                row("source.kind", t("source_kind." + s.kind)), row("source.status", t("source_status." + s.status)),
                row("source.capture_mode", t("capture_mode.\(s.captureMode)")),
                row("source.region", s.region?.name(request.language) ?? ""),
                .dt(.txt(t("source.organization"))),
                .dd(.unwrap(s.organization, { org in .a(.attr("href", "/organizations/\(org.id ?? 0)"), .txt(org.name(request.language))) },
                            else: .text("—"))),
                row("source.interval", t("source.every_minutes", ["n": String(s.checkIntervalMinutes)])),
                row("source.found_by", t("source_origin." + s.foundBy)),
                row("source.last_check", s.lastCheckedAt.map(Formats.dateTime) ?? t("source.never_checked")),
                row("source.next_check", s.nextCheckAt.map(Formats.dateTime) ?? ""),
                .unwrap(m.itemCount) { count in
                    .group(.dt(.txt(t("source.items"))),
                           .dd(.a(.id("source-items"), .attr("href", "/sources/\(s.id ?? 0)/items"), .txt(String(count)))))
                },
                row("source.notes", s.notes)
            )
        )
    }
}
