import Plot
import Vapor

extension KnowledgeEntryShow {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let org = m.organization
        let orgID = org.id ?? 0
        return .div(
            .id("knowledge"),
            .div(.class("title-row"),
                 .h1(.txt(t("knowledge.title", ["name": org.name(request.language)]))),
                 .div(.class("actions"),
                      .if(request.can(.view, .organization),
                          .a(.class("button"), .href("/organizations/\(orgID)"), .txt(t("knowledge.back")))),
                      .a(.class("button"), .id("knowledge-symbols"), .href("/organizations/\(orgID)/symbols"),
                         .txt(t("knowledge.symbols_link"))),
                      .if(m.canCreate,
                          .a(.class("button primary"), .id("knowledge-new"), .href("/organizations/\(orgID)/knowledge/new"),
                             .txt(t("knowledge.new_version")))))),
            .dl(.class("details"),
                .dt(.txt(t("org.designation"))), .dd(.txt(t("designation.\(org.designation)"))),
                .dt(.txt(t("knowledge.legal_basis"))), .dd(.txt(KnowledgeBase.legalBasis(org).isEmpty ? "—" : KnowledgeBase.legalBasis(org))),
                .dt(.txt(t("org.status"))), .dd(.txt(t("org_status.\(org.status)")))),
            .unwrap(m.entry, { entry($0, m, request: request) }, else: .p(.class("empty"), .id("knowledge-none"), .txt(t("knowledge.none")))),
            .if(!m.onlyApproved && !m.versions.isEmpty, history(m, request: request))
        )
    }

    private static func entry(_ e: KnowledgeEntry, _ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let c = e.content
        let orgID = m.organization.id ?? 0
        func texts(_ field: KnowledgeField, _ values: [Language: String]) -> Node<HTML.BodyContext> {
            .section(.class("knowledge-field"), .id("knowledge-\(field.rawValue)"),
                     .h3(.txt(t("knowledge.field.\(field.rawValue)")), publicMark(field, c, t)),
                     values.values.allSatisfy(\.isEmpty) ? .p(.class("empty"), .txt("—")) :
                        .forEach(Language.allCases.filter { !(values[$0] ?? "").isEmpty }) { language in
                            .div(.attr("lang", language.rawValue),
                                 .h4(.class("muted"), .txt(language.endonym)),
                                 .p(.class("prewrap"), .txt(values[language] ?? "")))
                        })
        }
        func list(_ field: KnowledgeField, _ items: [Node<HTML.ListContext>]) -> Node<HTML.BodyContext> {
            .section(.class("knowledge-field"), .id("knowledge-\(field.rawValue)"),
                     .h3(.txt(t("knowledge.field.\(field.rawValue)")), publicMark(field, c, t)),
                     items.isEmpty ? .p(.class("empty"), .txt("—")) : .ul(.group(items)))
        }
        let heading: Node<HTML.BodyContext> = .h2(
            .txt(t("knowledge.version", ["version": String(e.version)])), .text(" "),
            .span(.class("badge \(e.status)"), .id("knowledge-status"), .txt(t("knowledge_status.\(e.status)"))))
        let current: Node<HTML.BodyContext> = .if(
            !m.onlyApproved && m.currentVersion != nil && m.currentVersion != e.version,
            .p(.class("notice"), .a(.href("/organizations/\(orgID)/knowledge/versions/\(m.currentVersion ?? 0)"),
                                    .txt(t("knowledge.see_current", ["version": String(m.currentVersion ?? 0)])))))
        let examples: [Node<HTML.ListContext>] = c.exampleIndicatorIDs.compactMap { id in m.indicators.first { $0.id == id } }.map { i in
            .li(.span(.class("quoted"), .txt("«\(i.value)»")), .text(" "), .small(.class("muted"), .txt(t("indicator.mode.\(i.mode)"))))
        }
        let materials: [Node<HTML.ListContext>] = c.counterMaterialIDs.compactMap { id in m.materials.first { $0.id == id } }.map { mat in
            .li(.txt(mat.title), .text(" "), .small(.class("muted"), .txt(t("material_status.\(mat.status)"))))
        }
        let sources: [Node<HTML.ListContext>] = c.publicSources.map { s in
            .li(.a(.href(s.url), .attr("rel", "nofollow noopener noreferrer"), .txt(s.title)),
                .small(.class("muted block wrap"), .txt(s.url)))
        }
        return .section(
            .id("knowledge-version"), .attr("data-version", String(e.version)),
            heading, current,
            texts(.ideology, c.ideology),
            texts(.recruitment, c.recruitment),
            texts(.recognition, c.recognition),
            list(.examples, examples),
            symbols(m, c, request: request),
            list(.counterMaterials, materials),
            list(.publicSources, sources),
            .if(!m.onlyApproved, staffPart(e, m, request: request))
        )
    }

    private static func symbols(_ m: Model, _ c: KnowledgeContent, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let figures: Node<HTML.BodyContext> = m.symbols.isEmpty ? .p(.class("empty"), .txt("—")) :
            .div(.class("symbols"), .forEach(m.symbols) { s in
                let caption = s.caption(request.language)
                return .div(.class("symbol"), .img(.src("/knowledge/symbols/\(s.sha256)"), .alt(caption), .attr("width", "96")),
                               .p(.txt(caption),
                                           .if(!s.isPublic, .small(.class("muted block"), .txt(t("knowledge.symbol_not_public"))))))
            })
        return .section(.class("knowledge-field"), .id("knowledge-symbols"),
                        .h3(.txt(t("knowledge.field.symbols")), publicMark(.symbols, c, t)), figures)
    }

    private static func staffPart(_ e: KnowledgeEntry, _ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let c = e.content
        let notes: Node<HTML.BodyContext> = .section(
            .class("knowledge-field"), .id("knowledge-internal"), .h3(.txt(t("knowledge.field.internal_notes"))),
            .p(.class("prewrap"), .txt(c.internalNotes.isEmpty ? "—" : c.internalNotes)))
        let submitted = e.submittedAt.map { who(e.submittedBy, $0, m) } ?? "—"
        let decided = e.decidedAt.map { who(e.decidedBy, $0, m) } ?? "—"
        let record: Node<HTML.BodyContext> = .dl(
            .class("details"), .id("knowledge-record"),
            .dt(.txt(t("knowledge.created"))), .dd(.txt(who(e.createdBy, e.createdAt, m))),
            .dt(.txt(t("knowledge.submitted"))), .dd(.txt(submitted)),
            .dt(.txt(t("knowledge.decided"))), .dd(.txt(decided)),
            .dt(.txt(t("knowledge.decision_note"))), .dd(.class("prewrap"), .txt(e.decisionNote.isEmpty ? "—" : e.decisionNote)))
        return .group(notes, record, actions(e, m, request: request))
    }

    private static func publicMark(_ field: KnowledgeField, _ c: KnowledgeContent, _ t: Translator) -> Node<HTML.BodyContext> {
        .group(.text(" "), c.publicFields.contains(field)
            ? .span(.class("badge approved"), .txt(t("knowledge.public_safe")))
            : .span(.class("badge draft"), .txt(t("knowledge.staff_only"))))
    }

    private static func who(_ id: Int?, _ at: Date, _ m: Model) -> String {
        let name = id.flatMap { m.people[$0] } ?? "—"
        return "\(name), \(Formats.dateTime(at))"
    }

    private static func actions(_ e: KnowledgeEntry, _ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let base = "/organizations/\(m.organization.id ?? 0)/knowledge/\(e.version)"
        switch e.state {
        case .draft where m.canSubmit:
            return .form(.method(.post), .action(base + "/submit"), .id("knowledge-submit"), .class("inline"),
                         Forms.csrf(m.csrf), .button(.type(.submit), .class("primary"), .txt(t("knowledge.submit"))))
        case .submitted where m.canApprove:
            return .div(.class("decision"), .id("knowledge-decision"),
                        .h3(.txt(t("knowledge.decision"))),
                        .form(.method(.post), .action(base + "/approve"), .id("knowledge-approve"), .class("form"),
                              Forms.csrf(m.csrf),
                              Forms.textarea("note", label: t("knowledge.decision_note"), value: "", error: nil, max: 4_000, rows: 2),
                              .button(.type(.submit), .class("primary"), .txt(t("knowledge.approve")))),
                        .form(.method(.post), .action(base + "/reject"), .id("knowledge-reject"), .class("form"),
                              Forms.csrf(m.csrf),
                              Forms.textarea("note", label: t("knowledge.reject_note"), value: "", error: nil, max: 4_000, rows: 2),
                              .button(.type(.submit), .txt(t("knowledge.reject")))))
        case .submitted:
            return .p(.class("notice"), .txt(t("knowledge.awaiting_legal")))
        default:
            return .empty
        }
    }

    private static func history(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let orgID = m.organization.id ?? 0
        return .section(
            .id("knowledge-history"),
            .h2(.txt(t("knowledge.history"))),
            .div(.class("table-scroll"), .table(
                .class("list"),
                .thead(.tr(.th(.txt(t("knowledge.version_column"))), .th(.txt(t("knowledge.status"))),
                           .th(.txt(t("knowledge.created"))), .th(.txt(t("knowledge.decided"))))),
                .tbody(.forEach(m.versions) { v in
                    .tr(.attr("data-version", String(v.version)),
                        .td(.a(.href("/organizations/\(orgID)/knowledge/versions/\(v.version)"), .txt(String(v.version)))),
                        .td(.span(.class("badge \(v.status)"), .txt(t("knowledge_status.\(v.status)")))),
                        .td(.txt(who(v.createdBy, v.createdAt, m))),
                        .td(.txt(v.decidedAt.map { who(v.decidedBy, $0, m) } ?? "—")))
                })))
        )
    }
}
