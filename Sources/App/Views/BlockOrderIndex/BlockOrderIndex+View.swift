import Fluent
import Plot
import Vapor

/// Every block order, active and lifted, with the decision it rests on and its latest check.
enum BlockOrderIndex {
    struct Row {
        var order: BlockOrder
        var decision: CourtDecision?
        var check: ReachabilityCheck?
        var collateral: [CollateralCheck.Finding]? = nil
        var enforcement: OrderEnforcement? = nil
    }

    static let filters = [ListQuery.Filter("status", label: "block_order.status", .oneOf(["active", "lifted"]))]

    /// The orders the list asks for: `q` looks in the target (domain, address or account).
    static func orders(on db: any Database, list: ListQuery) -> QueryBuilder<BlockOrder> {
        let query = BlockOrder.query(on: db)
        if !list["status"].isEmpty { query.filter(\.$status == list["status"]) }
        if !list.q.isEmpty { query.filter(TextMatch.anyContains(["target"], list.q)) }
        return query
    }

    static func query(on db: any Database, list: ListQuery) async throws -> ([Row], Int) {
        let paging = list.paging
        let query = orders(on: db, list: list)
        let total = try await query.count()
        let orders = try await query.sort(\.$id, .descending).range(paging.offset..<(paging.offset + paging.perPage))
            .all()
        let decisionIDs = Array(Set(orders.map(\.courtDecisionID)))
        let decisions = decisionIDs.isEmpty ? [] : try await CourtDecision.query(on: db).filter(\.$id ~~ decisionIDs).all()
        let byID = Dictionary(decisions.compactMap { d in d.id.map { ($0, d) } }, uniquingKeysWith: { a, _ in a })
        let orderIDs = orders.compactMap(\.id)
        var checks: [Int: ReachabilityCheck] = [:]
        if !orderIDs.isEmpty {
            for c in try await ReachabilityCheck.query(on: db).filter(\.$blockOrderID ~~ orderIDs).sort(\.$id).all() {
                checks[c.blockOrderID] = c
            }
        }
        let collateral = try await CollateralCheck.findings(targets: orders.map(\.target), on: db)
        let enforcement = try await OrderEnforcement.of(orderIDs: orderIDs, on: db)
        let rows = orders.map { o in
            Row(order: o, decision: byID[o.courtDecisionID], check: o.id.flatMap { checks[$0] },
                collateral: collateral[o.target], enforcement: o.id.flatMap { enforcement[$0] })
        }
        return (rows, total)
    }

    static func view(_ rows: [Row], total: Int, list: ListQuery, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let statuses: [(value: String, label: String)] = [("active", t("block_order_status.active")), ("lifted", t("block_order_status.lifted"))]
        return .div(
            .h1(.txt(t("block_order.list.title"))),
            .form(.method(.get), .action("/block-orders"), .class("filters"),
                  Forms.text("q", label: t("filter.search"), value: list.q, error: nil, max: ListQuery.searchMax,
                             hint: t("block_order.list.search_hint")),
                  Forms.select("status", label: t("block_order.status"), options: statuses, selected: list["status"],
                               error: nil, includeBlank: true),
                  .button(.type(.submit), .txt(t("filter.apply")))),
            FilterErrors.banner(list, request: request),
            !list.isValid ? FilterErrors.emptyBecauseRefused(request: request)
                : rows.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) : table(rows, t: t),
            Pager.links(request: request, paging: list.paging, total: total)
        )
    }

    static func table(_ rows: [Row], t: Translator) -> Node<HTML.BodyContext> {
        .table(
            .class("list"), .id("block-orders-table"),
            .thead(.tr(.th(.txt(t("case.target"))), .th(.txt(t("block_order.status"))),
                       .th(.txt(t("block_order.decision"))), .th(.txt(t("block_order.issued"))),
                       .th(.txt(t("block_order.check"))), .th(.txt(t("transparency.networks"))))),
            .tbody(.forEach(rows) { r in
                .tr(.td(.a(.attr("href", "/cases/\(r.order.caseID)"), .code(.txt(r.order.target))),
                        CollateralWarning.badge(r.collateral, t: t)),
                    .td(.span(.class("badge " + r.order.status), .txt(t("block_order_status." + r.order.status)))),
                    .td(.txt(r.decision.map { "\($0.court) — \($0.number), \($0.decidedOn)" } ?? "—")),
                    .td(.txt(Formats.dateTime(r.order.issuedAt)
                             + (r.order.liftedAt.map { " → " + Formats.dateTime($0) } ?? ""))),
                    .td(CaseShow.checkCell(r.check, t: t)),
                    .td(enforcementCell(r.enforcement, t: t)))
            })
        )
    }
}
