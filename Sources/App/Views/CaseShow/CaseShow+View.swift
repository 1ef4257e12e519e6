import KaiguulCore
import Plot
import Vapor

extension CaseShow {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let r = m.record
        let error: Node<HTML.BodyContext> = m.error.map { e in
            .div(.class("alert"), .attr("role", "alert"), .id("case-error"), .txt(e.text(t)))
        } ?? .empty
        return .div(
            .h1(.txt("#\(r.id ?? 0) " + r.title)),
            error,
            summary(m, request: request),
            ordersSection(m, request: request),
            evidenceSection(m, request: request),
            capturedSection(m, request: request),
            packageLinks(caseID: r.id ?? 0, request: request),
            custodySection(m.custody, request: request),
            actionsSection(m, request: request),
            timeline(m, request: request)
        )
    }

    static func summary(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let r = m.record
        // Site or account by what the target is (the figures' rule), not by the kind of block entry.
        let kind = t("case.kind.\(m.origin.counts.rawValue)")
        let counted = PlatformLabel.name(m.origin.platformID, t)
            .map { t("figures.on_platform", ["kind": kind, "platform": $0]) } ?? kind
        let organization: Node<HTML.BodyContext> = m.origin.organization.map { name in
            m.origin.organizationID.map { id in
                request.can(.view, .organization) ? .a(.attr("href", "/organizations/\(id)"), .txt(name)) : .txt(name)
            } ?? .txt(name)
        } ?? .span(.class("muted"), .txt(t("figures.not_given")))
        let parent: Node<HTML.BodyContext> = m.parentCaseID.map { p in
            .a(.attr("href", "/cases/\(p)"), .text("#\(p)"))
        } ?? .text("—")
        return .dl(
            .class("facts"),
            .dt(.txt(t("case.target"))),
            .dd(.code(.id("case-target"), .txt(r.target)), .text(" "),
                .span(.id("case-counts-as"), .attr("data-counts-as", m.origin.counts.rawValue), .txt("(\(counted))"))),
            .dt(.txt(t("figures.region"))),
            .dd(.id("case-region"),
                m.origin.region.map { .txt($0) } ?? .span(.class("muted"), .txt(t("figures.not_given")))),
            .dt(.txt(t("figures.organization"))), .dd(.id("case-organization"), organization),
            .dt(.txt(t("case.state"))),
            .dd(.span(.class("badge " + r.state), .id("case-state"), .attr("data-state", r.state),
                      .txt(t("case_state." + r.state)))),
            .dt(.txt(t("case.assignee"))), .dd(.txt(r.assigneeID.flatMap { m.people[$0] } ?? "—")),
            .dt(.txt(t("case.expert"))), .dd(.txt(r.expertID.flatMap { m.people[$0] } ?? "—")),
            .dt(.txt(t("case.parent"))),
            .dd(parent),
            linkedFacts(m, request: request)
        )
    }

    static func ordersSection(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        guard !m.orders.isEmpty || !m.decisions.isEmpty else { return .empty }
        return .section(
            .id("block-orders"),
            .h2(.txt(t("block_order.list.title"))),
            .ul(.forEach(m.decisions) { d in
                .li(.txt("\(d.court) — \(d.number), \(d.decidedOn): "), .txt(t("court_outcome." + d.outcome)),
                    .if(d.coversMirrors, .span(.class("badge"), .txt(t("case.covers_mirrors.short")))),
                    appeal(d, m, request: request))
            }),
            .table(.class("list"),
                   .thead(.tr(.th(.txt(t("case.target"))), .th(.txt(t("block_order.status"))),
                              .th(.txt(t("block_order.check"))), .th(.txt(t("transparency.networks"))))),
                   .tbody(.forEach(m.orders) { o in
                       .tr(.td(.code(.txt(o.target)), CollateralWarning.badge(m.collateral[o.target], t: t)),
                           .td(.span(.class("badge " + o.status), .txt(t("block_order_status." + o.status)))),
                           .td(checkCell(o.id.flatMap { m.checks[$0] }, t: t)),
                           .td(BlockOrderIndex.enforcementCell(o.id.flatMap { m.enforcement[$0] }, t: t)))
                   }))
        )
    }

    static func checkCell(_ check: ReachabilityCheck?, t: Translator) -> Node<HTML.BodyContext> {
        guard let check else { return .txt(t("block_order.not_checked")) }
        if check.reachable {
            return .span(.class("badge warning still-reachable"), .attr("title", check.details),
                         .txt(t("block_order.still_reachable") + " " + Formats.dateTime(check.checkedAt)))
        }
        return .span(.class("badge ok"), .attr("title", check.dnsResult),
                     .txt(t("block_order.holds") + " " + Formats.dateTime(check.checkedAt)))
    }

    static func timeline(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let id = m.record.id ?? 0
        let comment: Node<HTML.BodyContext> = m.canComment ? .form(
            .method(.post), .action("/cases/\(id)/comments"), .id("comment-form"),
            Forms.csrf(m.csrf),
            Forms.textarea("text", label: t("case.comment"), value: "", error: nil, max: 10_000, rows: 3),
            .button(.type(.submit), .txt(t("case.comment.add")))
        ) : .empty
        return .section(
            .id("timeline"),
            .h2(.txt(t("case.timeline"))),
            .ol(.class("timeline"), .forEach(m.events) { e in
                .li(.attr("data-action", e.action),
                    .strong(.txt(t("case_action." + e.action))), .text(" "),
                    .txt(Formats.dateTime(e.at) + " · " + (e.actorID.flatMap { m.people[$0] } ?? t("figures.system"))),
                    .if(e.toState != nil, .span(.class("muted"), .txt(" → " + t("case_state." + (e.toState ?? ""))))),
                    .if(!e.grounds.isEmpty, .p(.txt(e.grounds))),
                    .if(e.documentID != nil, .group(.text(" "), .a(.attr("href", "/documents/\(e.documentID ?? 0)"),
                                                                  .txt(t("document.file"))))))
            }),
            comment
        )
    }
}
