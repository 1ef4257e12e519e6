import KaiguulCore
import Plot
import Vapor

extension Compliance {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .id("compliance"),
            .h1(.txt(t("compliance.title"))),
            .p(.class("muted"), .txt(t("compliance.intro"))),
            .if(m.canManageProbes, .p(.a(.href("/probes"), .txt(t("probes.title"))))),
            .p(.txt(t("compliance.active_orders", ["count": String(m.activeOrders)]))),
            .if(m.networks.isEmpty, .p(.id("no-networks-measured"), .class("muted"), .txt(t("compliance.none")))),
            .if(!m.networks.isEmpty, .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("compliance.network"))), .th(.txt(t("compliance.orders_measured"))),
                           .th(.txt(t("compliance.enforced_now"))), .th(.txt(t("compliance.median_time"))),
                           .th(.txt(t("compliance.regressions"))), .th(.txt(t("compliance.last_measured"))))),
                .tbody(.forEach(m.networks) { n in
                    .tr(.attr("data-asn", String(n.asn)),
                        .td(.a(.href("/compliance/\(n.asn)"), .txt(ProbeIndex.network(n.asn, n.name)))),
                        .td(.txt(String(n.orders.count))),
                        .td(.attr("data-enforced", String(n.enforcedNow)),
                            .txt(t("compliance.enforced_of", ["enforced": String(n.enforcedNow),
                                                               "active": String(n.activeOrders.count)]))),
                        .td(.txt(n.medianTimeToEnforcement.map { duration($0, t) } ?? "—")),
                        .td(.attr("data-regressions", String(n.regressions)), .txt(String(n.regressions))),
                        .td(.txt(n.lastMeasured.map(Formats.dateTime) ?? "—")))
                })
            ))
        )
    }

    static func view(_ m: NetworkModel, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let orders = m.network?.orders ?? []
        return .div(
            .id("compliance-network"), .attr("data-asn", String(m.asn)),
            .p(.a(.href("/compliance"), .txt(t("compliance.back")))),
            .h1(.txt(ProbeIndex.network(m.asn, m.name))),
            .unwrap(m.network) { n in
                .p(.txt(t("compliance.summary", ["enforced": String(n.enforcedNow), "active": String(n.activeOrders.count),
                                                  "regressions": String(n.regressions)])))
            },
            .if(orders.isEmpty, .p(.id("no-orders-measured"), .class("muted"), .txt(t("compliance.network_none")))),
            .if(!orders.isEmpty, .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("compliance.target"))), .th(.txt(t("compliance.order_issued"))),
                           .th(.txt(t("compliance.latest"))), .th(.txt(t("compliance.enforced_since"))),
                           .th(.txt(t("compliance.time_to_enforce"))), .th(.txt(t("compliance.regressions"))),
                           .th(.txt(t("compliance.measurements"))))),
                .tbody(.forEach(orders) { o in
                    .tr(.id("order-\(o.order.id)"), .attr("data-order", String(o.order.id)),
                        .attr("data-verdict", o.latest.rawValue),
                        .td(.code(.txt(o.order.target)),
                            .if(!o.order.active, .span(.class("badge"), .txt(" " + t("compliance.lifted"))))),
                        .td(.txt(Formats.dateTime(o.order.issuedAt))),
                        .td(.span(.class(o.latest.isEnforced ? "badge ok" : (o.latest == .accessible ? "badge warning" : "badge")),
                                  .txt(t(verdictKey(o.latest)))),
                            .text(" "), .span(.class("muted"), .txt(Formats.dateTime(o.latestAt)))),
                        .td(.txt(o.enforcedSince.map(Formats.dateTime) ?? "—")),
                        .td(.txt(o.timeToEnforcement.map { duration($0, t) } ?? "—")),
                        .td(.txt(String(o.regressions)),
                            .unwrap(o.lastRegression) { .span(.class("muted"), .txt(" (" + Formats.dateTime($0) + ")")) }),
                        .td(.txt(String(o.measurements))))
                })
            ))
        )
    }
}
