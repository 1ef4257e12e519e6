import Plot
import Vapor

extension ProbeIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .id("probes"),
            .h1(.txt(t("probes.title"))),
            .p(.class("muted"), .txt(t("probes.intro"))),
            .p(.a(.href("/compliance"), .txt(t("compliance.title")))),
            .unwrap(m.newToken) { token in
                .section(.id("new-probe-token"), .class("notice"),
                         .p(.txt(t("probes.token_once", ["name": token.name]))),
                         .pre(.code(.attr("data-probe-token", String(token.probeID)), .txt(token.token))),
                         .p(.class("muted"), .txt(t("probes.token_usage"))))
            },
            .if(m.probes.isEmpty, .p(.id("no-probes"), .class("muted"), .txt(t("probes.none")))),
            .if(!m.probes.isEmpty, .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("probes.name"))), .th(.txt(t("probes.kind"))), .th(.txt(t("probes.network"))),
                           .th(.txt(t("probes.token"))), .th(.txt(t("probes.last_seen"))),
                           .th(.txt(t("probes.measurements"))), .th(.txt(t("probes.state"))), .th())),
                .tbody(.forEach(m.probes) { p in row(p, m, t: t) })
            )),
            .if(m.canManage, probeForm(m, t: t)),
            networks(m, t: t)
        )
    }

    static func row(_ p: Row, _ m: Model, t: Translator) -> Node<HTML.TableContext> {
        .tr(
            .id("probe-\(p.id)"), .attr("data-probe", String(p.id)),
            .td(.txt(p.name)),
            .td(.txt(t("probe_kind.\(p.kind)"))),
            .td(.if(p.asn != nil, .a(.href("/compliance/\(p.asn ?? 0)"), .txt(network(p.asn, p.networkName))),
                    else: .txt(t("probes.network_by_address")))),
            .td(.code(.txt(p.tokenPrefix + "…"))),
            .td(.txt(p.lastSeenAt.map(Formats.dateTime) ?? t("probes.never"))),
            .td(.txt(String(p.measurements))),
            .td(.span(.class(p.disabled ? "badge warning" : "badge ok"),
                      .txt(p.disabled ? t("probes.disabled") : t("probes.enabled")))),
            .td(.if(m.canManage && !p.disabled,
                    .form(.method(.post), .attr("action", "/probes/\(p.id)/disable"), .class("inline"),
                          Forms.csrf(m.csrf), .button(.type(.submit), .txt(t("probes.disable"))))))
        )
    }

    static func network(_ asn: Int?, _ name: String?) -> String {
        guard let asn else { return "—" }
        return "AS\(asn)" + (name.map { " " + $0 } ?? "")
    }

    static func probeForm(_ m: Model, t: Translator) -> Node<HTML.BodyContext> {
        let mine = m.form == .probe
        func err(_ f: String) -> String? { mine ? m.errors[f]?.text(t) : nil }
        func value(_ f: String) -> String { mine ? m.values[f] ?? "" : "" }
        return .section(
            .h2(.txt(t("probes.new"))),
            .form(.method(.post), .action("/probes"), .class("form"), .id("probe-form"),
                  .if(mine, Forms.errors(m.errors, t, order: ["name", "kind", "asn", "network_name"])),
                  Forms.csrf(m.csrf),
                  Forms.text("name", label: t("probes.name"), value: value("name"), error: err("name"), required: true,
                             max: 100),
                  Forms.select("kind", label: t("probes.kind"),
                               options: ProbeStore.Kind.allCases.map { ($0.rawValue, t("probe_kind.\($0.rawValue)")) },
                               selected: mine ? m.values["kind"] ?? "provider" : "provider", error: err("kind"),
                               required: true),
                  Forms.text("asn", label: t("probes.asn"), value: value("asn"), error: err("asn"), max: 12,
                             hint: t("probes.asn_hint")),
                  Forms.text("network_name", label: t("probes.network_name"), value: value("network_name"),
                             error: err("network_name"), max: 200),
                  .button(.type(.submit), .class("primary"), .txt(t("probes.create"))))
        )
    }

    static func networks(_ m: Model, t: Translator) -> Node<HTML.BodyContext> {
        let adding = m.form == .network
        let importing = m.form == .importCSV
        func err(_ f: String) -> String? { adding ? m.errors[f]?.text(t) : nil }
        return .section(
            .id("networks"),
            .h2(.txt(t("probes.networks"))),
            .p(.class("muted"), .txt(t("probes.networks_intro"))),
            .if(m.networks.isEmpty, .p(.id("no-networks"), .class("muted"), .txt(t("probes.networks_none")))),
            .if(!m.networks.isEmpty, .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("probes.prefix"))), .th(.txt(t("probes.asn"))), .th(.txt(t("probes.network_name"))),
                           .th())),
                .tbody(.forEach(m.networks) { n in
                    .tr(.attr("data-network", n.prefix),
                        .td(.code(.txt(n.prefix))), .td(.a(.href("/compliance/\(n.asn)"), .txt("AS\(n.asn)"))),
                        .td(.txt(n.name)),
                        .td(.if(m.canManage, .form(.method(.post), .attr("action", "/probes/networks/\(n.id)/delete"),
                                                   .class("inline"), Forms.csrf(m.csrf),
                                                   .button(.type(.submit), .txt(t("probes.network_delete")))))))
                })
            )),
            .if(m.networks.count >= networksShown, .p(.class("muted"), .txt(t("probes.networks_more", ["count": String(networksShown)])))),
            .if(m.canManage, .group(
                .form(.method(.post), .action("/probes/networks"), .class("form"), .id("network-form"),
                      .if(adding, Forms.errors(m.errors, t, order: ["net_prefix", "net_asn", "net_name"])),
                      Forms.csrf(m.csrf),
                      Forms.text("net_prefix", label: t("probes.prefix"), value: adding ? m.values["net_prefix"] ?? "" : "",
                                 error: err("net_prefix"), required: true, max: 64, hint: t("probes.prefix_hint")),
                      Forms.text("net_asn", label: t("probes.asn"), value: adding ? m.values["net_asn"] ?? "" : "",
                                 error: err("net_asn"), required: true, max: 12),
                      Forms.text("net_name", label: t("probes.network_name"), value: adding ? m.values["net_name"] ?? "" : "",
                                 error: err("net_name"), required: true, max: 200),
                      .button(.type(.submit), .txt(t("probes.network_add")))),
                .form(.method(.post), .action("/probes/networks/import"), .class("form"), .id("network-import"),
                      .if(importing, Forms.errors(m.errors, t, order: ["csv"])),
                      Forms.csrf(m.csrf),
                      Forms.textarea("csv", label: t("probes.csv"), value: importing ? m.values["csv"] ?? "" : "",
                                     error: importing ? m.errors["csv"]?.text(t) : nil, max: 1_000_000, rows: 6,
                                     hint: t("probes.csv_hint")),
                      .button(.type(.submit), .txt(t("probes.csv_import"))))
            ))
        )
    }
}
