import Detection
import Foundation
import KaiguulCore
import Plot
import Vapor

extension TriageIndex {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .h1(.txt(t("triage.title"))),
            filters(m, request: request),
            .p(.class("count"), .id("triage-total"),
               .txt(m.total > TriageQuery.pageCountLimit
                   ? t("triage.total_more", ["count": String(TriageQuery.pageCountLimit)])
                   : t("triage.total", ["count": String(m.total)]))),
            .form(
                .method(.post), .action("/triage/actions"), .id("triage-form"),
                Forms.csrf(m.csrf),
                .input(.type(.hidden), .name("back"), .attr("value", TriageController.back(m.values.back))),
                Forms.summary(m.errors[TriageSelection.field]?.text(t)),
                table(m, request: request),
                .if(m.canAct && !m.findings.isEmpty, actions(m, request: request))
            ),
            Pager.links(request: request, paging: m.paging, total: min(m.total, TriageQuery.pageCountLimit))
        )
    }

    /// A key made of a group and a value (`triage.level.high`), each listed in `TriageTranslationTests`.
    static func composed(_ group: String, _ value: String, _ t: Translator) -> String {
        t("triage.\(group).\(value)")
    }

    // MARK: filters

    static func filters(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let lang = request.language
        let f = m.filters
        return .form(
            .method(.get), .action("/triage"), .class("filters"), .id("triage-filters"),
            Forms.select("priority", label: t("triage.priority"),
                         options: TriageVerdict.levels.reversed().map { ($0.rawValue, composed("level", $0.rawValue, t)) },
                         selected: f.priority?.rawValue ?? "", error: nil, includeBlank: true),
            Forms.text("language", label: t("triage.language"), value: f.language ?? "", error: nil, max: 12),
            Forms.select("organization_id", label: t("triage.organization"),
                         options: m.organizations.map { (String($0.id ?? 0), $0.name(lang)) },
                         selected: f.organizationID.map(String.init) ?? "", error: nil, includeBlank: true),
            Forms.select("region_id", label: t("source.region"),
                         options: m.regions.map { (String($0.id ?? 0), $0.name(lang)) },
                         selected: f.regionID.map(String.init) ?? "", error: nil, includeBlank: true),
            Forms.select("source_kind", label: t("triage.source_kind"),
                         options: SourceKind.allCases.map { ($0.rawValue, t("source_kind.\($0.rawValue)")) },
                         selected: f.sourceKind?.rawValue ?? "", error: nil, includeBlank: true),
            Forms.select("signal_kind", label: t("triage.signal_kind"),
                         options: TriageFilters.signalKinds.map { ($0, t("signal_kind." + $0)) },
                         selected: f.signalKind ?? "", error: nil, includeBlank: true),
            Forms.select("state", label: t("triage.state"),
                         options: TriageFilters.State.allCases.map { ($0.rawValue, composed("state", $0.rawValue, t)) },
                         selected: f.state.rawValue, error: nil),
            .button(.type(.submit), .txt(t("filter.apply")))
        )
    }

    // MARK: rows

    static func table(_ m: Model, request: Request) -> Node<HTML.FormContext> {
        let t = request.t
        guard !m.findings.isEmpty else { return .p(.class("empty"), .txt(t("triage.empty"))) }
        let chosen = Set(m.values.findings ?? [])
        return .table(
            .class("list triage"), .id("triage-table"),
            .thead(.tr(.th(.txt("")), .th(.txt(t("triage.priority"))), .th(.txt(t("triage.finding"))),
                       .th(.txt(t("triage.why"))))),
            .tbody(.forEach(m.findings) { finding in
                let key = "\(finding.kind.rawValue):\(finding.id)"
                return .tr(
                    .id("finding-\(finding.kind.rawValue)-\(finding.id)"), .class("finding level-" + finding.level.rawValue),
                    .td(.if(m.canAct, .input(.type(.checkbox), .name("findings[]"), .value(key),
                                             .attribute(named: "aria-label", value: t("triage.select")),
                                             .checked(chosen.contains(key))))),
                    .td(priority(finding, request: request)),
                    .td(summary(finding, request: request)),
                    .td(why(finding, request: request)))
            })
        )
    }

    static func priority(_ f: TriageFinding, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .span(.class("badge priority-\(f.level.rawValue)"), .attr("data-level", f.level.rawValue),
                  .txt(composed("level", f.level.rawValue, t))),
            .unwrap(f.score) { .small(.class("score"), .txt(" \($0)")) })
    }

    static func summary(_ f: TriageFinding, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let state: Node<HTML.BodyContext> = .group(
            .unwrap(f.dismissal) { d in
                .p(.class("state dismissed"), .txt(t("triage.dismissed_because", ["reason": composed("reason", d.reason, t)])
                    + (d.note.isEmpty ? "" : " — " + d.note)))
            },
            .if(!f.caseIDs.isEmpty, .p(.class("state in-case"), .txt(t("triage.in_cases") + " "),
                                       .forEach(f.caseIDs) { .a(.href("/cases/\($0)"), .txt("#\($0) ")) })))
        switch f.kind {
        case .item:
            return .div(
                .p(.a(.href("/items/\(f.id)"), .txt(t("triage.item", ["id": String(f.id)])))),
                .p(.small(.txt(t("triage.source") + ": ")),
                   .unwrap(f.sourceID) { id in
                       .a(.href("/sources/\(id)"), .txt(f.sourceTitle.flatMap { $0.isEmpty ? nil : $0 } ?? "#\(id)"))
                   },
                   .unwrap(f.sourceKind) { kind in .small(.txt(" (\(t("source_kind.\(kind)")))")) }),
                .unwrap(f.authorHandle) { .p(.small(.txt("@" + $0))) },
                .unwrap(f.permalink) { .p(.class("url"), .code(.txt($0))) },
                .unwrap(f.language) { .p(.small(.txt(t("triage.language") + ": " + $0))) },
                .unwrap(f.foundAt) { .p(.small(.txt(Formats.dateTime($0)))) },
                state)
        case .tip:
            return .div(
                .p(.span(.class("badge tip"), .txt(t("triage.tip", ["id": String(f.id)])))),
                .unwrap(f.suggestedOrganizationID) { .p(.class("tip-organization"), .small(.txt(t("tip.organization_named") + ": ")), .a(.href("/organizations/\($0)"), .txt("#\($0)"))) },
                .unwrap(f.foundAt) { .p(.small(.txt(Formats.dateTime($0)))) },
                state)
        }
    }

    // MARK: why

    static func why(_ f: TriageFinding, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        switch f.kind {
        case .tip:
            return .div(
                .class("why tip"),
                .ul(.class("urls"), .forEach(f.urls) { .li(.code(.txt($0))) }),
                .unwrap(f.comment.flatMap { $0.isEmpty ? nil : $0 }) { .blockquote(.txt($0)) },
                f.meetings.isEmpty ? .p(.class("meets none"), .txt(t("triage.meets_nothing"))) :
                    .p(.class("meets"), .txt(t("triage.meets") + " "), .forEach(f.meetings) { meeting in
                        let path = meeting.kind == .source ? "/sources/\(meeting.id)" : "/cases/\(meeting.id)"
                        return .a(.href(path), .class("meeting " + meeting.kind.rawValue),
                                  .txt(t("triage.meets.\(meeting.kind.rawValue)",
                                         ["id": String(meeting.id), "title": meeting.title]) + " "))
                    }))
        case .item:
            return .div(
                .class("why"),
                excerpt(f.excerpt),
                .forEach(f.indicators) { indicator in
                    .p(.class("indicator"),
                       .strong(.txt(t("triage.indicator_of", ["organization": indicator.organizationName
                                                                ?? indicator.organizationID.map { "#\($0)" } ?? "—"]))),
                       .txt(" " + words(indicator, t)))
                },
                .forEach(f.nearDuplicates) { near in
                    .p(.class("near-duplicate"),
                       .txt(t("triage.near_duplicate", ["title": near.title ?? near.materialID.map { "#\($0)" } ?? "—",
                                                        "percent": String(Int((near.similarity * 100).rounded()))])))
                },
                .forEach(f.mediaMatches) { media(f, $0, request: request) },
                .forEach(f.mirrors) { MirrorEvidenceView.node($0, request: request) },
                .unwrap(f.classifier) { classifier in
                    .div(.class("classifier"),
                         .p(.txt(t("triage.classifier", [
                             "label": classifier.label.map { t("decision." + $0) } ?? "—",
                             "percent": String(Int((classifier.probability * 100).rounded())),
                         ]))),
                         .if(!classifier.features.isEmpty,
                             .ul(.class("features"), .forEach(classifier.features) { .li(.code(.txt($0))) })))
                },
                .if(!f.imageText.isEmpty, .p(.class("image-text"), .txt(t("triage.image_text") + " "
                                                                        + f.imageText.joined(separator: "; ")))))
        }
    }

    /// The text around each match, the match in `<mark>`; every piece is escaped text.
    static func excerpt(_ pieces: [TriageHighlight.Piece]) -> Node<HTML.BodyContext> {
        guard !pieces.isEmpty else { return .empty }
        return .p(.class("excerpt"), .forEach(pieces) { piece in
            switch piece {
            case .text(let text): .txt(text)
            case .mark(let text): .element(named: "mark", nodes: [.txt(text)])
            case .gap: .span(.class("gap"), .txt(" … "))
            }
        })
    }

    /// The item's image and the banned material's side by side, with how close they are.
    static func media(_ f: TriageFinding, _ match: TriageFinding.MediaMatchReason, request: Request)
        -> Node<HTML.BodyContext>
    {
        let t = request.t
        let itemImage: Node<HTML.BodyContext> = match.mediaIndex.map { index in
            .img(.src("/items/\(f.id)/media/\(index)/thumbnail"), .attr("alt", match.mediaURL), .class("thumb"))
        } ?? .span(.class("thumb missing"), .txt(t("triage.no_image")))
        let bankImage: Node<HTML.BodyContext> = match.materialHasImage ? match.materialID.map { id in
            .img(.src("/triage/materials/\(id)/thumbnail"), .attr("alt", match.label), .class("thumb"))
        } ?? .empty : .span(.class("thumb missing"), .txt(t("triage.no_bank_image")))
        return .div(
            .class("media-match"),
            // A table keeps the two images side by side without any stylesheet.
            .table(.class("pair"), .tr(.td(itemImage, .br(), .small(.txt(t("triage.item_image")))),
                                       .td(bankImage, .br(), .small(.txt(match.label))))),
            .p(.txt(t("triage.media_match", ["kind": t("signal_kind." + match.kind), "distance": String(match.distance),
                                             "quality": match.quality.map(String.init) ?? "—"]))))
    }

    // MARK: actions

    static func actions(_ m: Model, request: Request) -> Node<HTML.FormContext> {
        let t = request.t
        let lang = request.language
        let v = m.values
        func err(_ field: String) -> String? { m.errors[field]?.text(t) }
        return .div(
            .class("triage-actions"),
            .fieldset(
                .id("dismiss"),
                .element(named: "legend", nodes: [.txt(t("triage.dismiss"))]),
                Forms.select("reason", label: t("triage.reason"),
                             options: TriageDismissalReason.allCases.map { ($0.rawValue, composed("reason", $0.rawValue, t)) },
                             selected: v.reason ?? "", error: err("reason"), includeBlank: true),
                Forms.textarea("note", label: t("triage.note"), value: v.note ?? "", error: err("note"),
                               max: TriageStore.Dismissal.maxNote, rows: 2),
                .button(.type(.submit), .name("action"), .value("dismiss"), .txt(t("triage.dismiss")))),
            .fieldset(
                .id("open-case"),
                .element(named: "legend", nodes: [.txt(t("triage.open_case"))]),
                Forms.text("title", label: t("case.title"), value: v.title ?? "", error: err("title"), max: 300),
                Forms.text("target", label: t("case.target"), value: v.target ?? "", error: err("target"), max: 2048,
                           hint: t("case.target.hint")),
                Forms.select("case_organization_id", label: t("triage.organization"),
                             options: m.organizations.map { (String($0.id ?? 0), $0.name(lang)) },
                             selected: v.case_organization_id ?? "", error: err("organization_id"), includeBlank: true),
                .button(.type(.submit), .name("action"), .value("open_case"), .txt(t("triage.open_case")))),
            .fieldset(
                .id("add-to-case"),
                .element(named: "legend", nodes: [.txt(t("triage.add_to_case"))]),
                Forms.select("case_id", label: t("triage.case"),
                             options: m.cases.map { (String($0.id), "#\($0.id) \($0.title)") },
                             selected: v.case_id ?? "", error: err("case_id"), includeBlank: true),
                .button(.type(.submit), .name("action"), .value("add_to_case"), .txt(t("triage.add_to_case"))))
        )
    }

    /// Each matched indicator in the reader's language: how it matched, what, and its weight.
    /// Signals stored before the values were kept fall back to the analyser's English words.
    static func words(_ indicator: TriageFinding.IndicatorReason, _ t: Translator) -> String {
        guard !indicator.matched.isEmpty else { return indicator.matches.joined(separator: "; ") }
        return indicator.matched.map { match in
            t("triage.indicator_match", ["mode": t("indicator.mode.\(match.mode.rawValue)"), "text": match.text,
                                         "weight": String(format: "%.2f", match.weight)])
        }.joined(separator: "; ")
    }
}
