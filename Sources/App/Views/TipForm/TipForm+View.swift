import KaiguulCore
import Plot
import Vapor

extension TipForm {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        func err(_ f: String) -> String? { m.errors[f]?.text(t) }
        return .div(
            .h1(.txt(t("tip.title"))),
            .p(.class("muted"), .txt(t("tip.intro"))),
            .unwrap(m.message) { message in
                .div(
                    .class("notice"), .id("tip-received"), .attr("role", "status"),
                    .p(.txt(message)),
                    .unwrap(m.reference) { reference in
                        .group(
                            .p(.txt(t("tip.reference_is")), .text(" "), .strong(.id("tip-reference"), .txt(reference))),
                            .p(.class("muted"), .txt(t("tip.reference_keep")), .text(" "),
                               .a(.href("/tip/status?reference=\(reference)"), .txt(t("tip_status.check"))))
                        )
                    }
                )
            },
            Forms.summary(m.errors.isEmpty ? nil : t("form.fix_errors")),
            .form(
                .method(.post), .action("/tip"), .class("form"), .id("tip-form"),
                Forms.csrf(m.csrf),
                Forms.textarea("urls", label: t("tip.urls"), value: m.values.urls ?? "", error: err("urls"),
                               max: TipInput.maxURLs * 2100, rows: 4, hint: t("tip.urls_hint")),
                organizationChoice(m, t),
                Forms.select("platform", label: t("tip.platform"),
                             options: SourceKind.allCases.map { ($0.rawValue, t("source_kind." + $0.rawValue)) },
                             selected: m.values.platform ?? "", error: err("platform"), includeBlank: true),
                Forms.textarea("comment", label: t("tip.comment"), value: m.values.comment ?? "", error: err("comment"),
                               max: TipInput.maxComment, rows: 5),
                Forms.text("contact", label: t("tip.contact"), value: m.values.contact ?? "", error: err("contact"),
                           max: 200, hint: t("tip.contact_hint")),
                // The honeypot: hidden from people (and screen readers), irresistible to robots.
                .raw("<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">\(Escape.text(t("tip.website")))</label>"
                     + "<input type=\"text\" name=\"website\" id=\"f-website\" tabindex=\"-1\" autocomplete=\"off\" value=\"\"></div>"),
                .button(.type(.submit), .class("primary"), .txt(t("tip.submit")))
            ),
            .p(.class("muted"), .a(.href("/tip/status"), .txt(t("tip_status.check")))),
            .p(.class("muted"), .a(.href("/guide"), .txt(t("guide.how_to_recognise"))))
        )
    }

    /// "Which organisation?": one radio per organisation of the guide, with its symbols, and "I don't
    /// know" first and chosen by default. Written as markup because Plot's typed label context takes no
    /// input; every value passes through `Escape`.
    static func organizationChoice<C>(_ m: Model, _ t: Translator) -> Node<C> {
        guard !m.organizations.isEmpty else { return .empty }
        let chosen = m.values.organization ?? ""
        func radio(_ value: String, _ body: String) -> String {
            let checked = value == chosen || (value.isEmpty && !m.organizations.contains { String($0.id) == chosen })
            return "<label class=\"org-choice\"><input type=\"radio\" name=\"organization\" value=\"\(Escape.attribute(value))\""
                + (checked ? " checked" : "") + ">" + body + "</label>"
        }
        var html = "<link rel=\"stylesheet\" href=\"\(GuideStyle.path)\"><fieldset id=\"tip-organization\" class=\"org-choices" + (m.errors["organization"] == nil ? "" : " invalid")
            + "\"><legend>\(Escape.attribute(t("tip.organization")))</legend>"
        html += "<small class=\"hint\">\(Escape.attribute(t("tip.organization_hint")))</small>"
        if let error = m.errors["organization"] {
            html += "<p class=\"error\" id=\"e-organization\">\(Escape.attribute(error.text(t)))</p>"
        }
        html += radio("", "<span class=\"org-name\">\(Escape.attribute(t("tip.organization_unknown")))</span>")
        for choice in m.organizations {
            var body = "<span class=\"org-name\">\(Escape.attribute(choice.name))</span>"
            for symbol in choice.symbols.prefix(4) {
                body += "<img class=\"org-symbol\" src=\"\(Escape.attribute(symbol.path))\" alt=\"\(Escape.attribute(symbol.caption))\""
                    + " width=\"48\" height=\"48\" loading=\"lazy\">"
            }
            html += radio(String(choice.id), body)
        }
        return .raw(html + "</fieldset>")
    }
}
