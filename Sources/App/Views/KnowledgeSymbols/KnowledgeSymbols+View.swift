import Plot
import Vapor

extension KnowledgeSymbols.Page {
    static let fields = ["file", "caption_ky", "caption_ru", "caption_en", "public"]

    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let name = m.organization.name(request.language)
        let list: Node<HTML.BodyContext> = m.symbols.isEmpty
            ? .p(.class("empty"), .txt(t("symbols.none")))
            : .ul(.class("symbols"), .id("symbols"), .forEach(m.symbols) { item($0, request: request) })
        return .div(
            .p(.class("breadcrumb"), .a(.href("/organizations/\(m.organization.id ?? 0)"), .txt(name))),
            .h1(.txt(t("symbols.title", ["organization": name]))),
            .p(.class("muted"), .txt(t("symbols.intro"))),
            list,
            .if(m.canUpload, uploadForm(m, request: request))
        )
    }

    static func item(_ s: KnowledgeSymbol, request: Request) -> Node<HTML.ListContext> {
        let t = request.t
        func row(_ key: String, _ value: String) -> Node<HTML.DescriptionListContext> {
            .group(.dt(.txt(t(key))), .dd(.txt(value.isEmpty ? "—" : value)))
        }
        let visibility: Node<HTML.DescriptionListContext> = .group(
            .dt(.txt(t("symbols.visibility"))),
            .dd(.span(.class("badge"), .txt(t(s.isPublic ? "symbols.public" : "symbols.staff_only")))))
        let hash: Node<HTML.DescriptionListContext> = .group(
            .dt(.txt(t("symbols.pdq"))),
            .dd(.code(.txt(s.pdq)), .text(" "),
                .span(.class("muted"), .txt(t("symbols.quality", ["quality": String(s.pdqQuality)])))))
        return .li(
            .attr("data-symbol", String(s.id ?? 0)),
            .img(.src("/knowledge/symbols/\(s.sha256)"), .alt(s.caption(request.language)), .attr("width", "120"),
                 .attr("loading", "lazy")),
            .dl(.class("details"),
                row("symbols.caption_ky", s.captionKy), row("symbols.caption_ru", s.captionRu),
                row("symbols.caption_en", s.captionEn), visibility, hash,
                row("symbols.size", "\(s.width) × \(s.height)")))
    }

    static func uploadForm(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        let hint = t("symbols.upload_hint", ["max": String(KnowledgeSymbolImage.maxBytes >> 20),
                                            "min": String(KnowledgeSymbolImage.minSide),
                                            "max_side": String(KnowledgeSymbolImage.maxSide)])
        let max = KnowledgeSymbolInput.maxCaption
        let choices: [(value: String, label: String)] = [("yes", t("symbols.public")), ("no", t("symbols.staff_only"))]
        let form: Node<HTML.BodyContext> = .form(
            .method(.post), .action("/organizations/\(m.organization.id ?? 0)/symbols"), .class("form"),
            .id("symbol-form"), .enctype(.multipartData),
            Forms.errors(m.errors, t, order: fields),
            // The token comes before the file: an upload without it is refused unread.
            Forms.csrf(m.csrf),
            Forms.text("caption_ky", label: t("symbols.caption_ky"), value: m.values["caption_ky"] ?? "",
                       error: err("caption_ky"), required: true, max: max),
            Forms.text("caption_ru", label: t("symbols.caption_ru"), value: m.values["caption_ru"] ?? "",
                       error: err("caption_ru"), required: true, max: max),
            Forms.text("caption_en", label: t("symbols.caption_en"), value: m.values["caption_en"] ?? "",
                       error: err("caption_en"), max: max),
            Forms.select("public", label: t("symbols.visibility"), options: choices,
                         selected: m.values["public"] ?? "yes", error: err("public"), required: true),
            Forms.text("file", label: t("symbols.file"), value: "", error: err("file"), required: true, max: 1000,
                       type: "file"),
            .button(.type(.submit), .class("primary"), .txt(t("symbols.upload"))))
        return .section(.id("symbol-upload"), .h2(.txt(t("symbols.upload"))), .p(.class("muted"), .txt(hint)), form)
    }
}
