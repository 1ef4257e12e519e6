import Plot

extension Guide {
    static func view(_ m: Model) -> Node<HTML.BodyContext> {
        let t = Translator(language: m.language)
        return .div(
            .id("guide"), .class("guide"), .attr("data-language", m.language.rawValue),
            GuideStyle.link(),
            .h1(.txt(t("guide.title"))),
            .p(.class("lead"), .txt(t("guide.intro"))),
            .nav(
                .class("guide-tools"), .attr("aria-label", t("guide.language")),
                .ul(
                    .forEach(Language.allCases) { language in
                        .li(.a(.href("/guide?lang=\(language.rawValue)"), .attr("lang", language.rawValue),
                               .if(language == m.language, .attr("aria-current", "page")), .txt(language.endonym)))
                    },
                    .li(.a(.id("guide-leaflet"), .href("/guide/leaflet?lang=\(m.language.rawValue)"), .txt(t("guide.leaflet")))),
                    .li(.a(.id("guide-leaflet-pdf"), .href("/guide/leaflet.pdf?lang=\(m.language.rawValue)"),
                           .txt(t("guide.leaflet_pdf"))))
                )
            ),
            advice(t),
            .h2(.txt(t("guide.organizations"))),
            m.entries.isEmpty ? .p(.class("empty"), .txt(t("guide.empty"))) : .group(
                .ul(.class("guide-contents"), .forEach(m.entries) { entry in
                    .li(.a(.href("#organization-\(entry.organizationID)"), .txt(entry.name(m.language))))
                }),
                .forEach(m.entries) { organization($0, m.language, t) }
            )
        )
    }

    private static func advice(_ t: Translator) -> Node<HTML.BodyContext> {
        .div(
            .class("guide-advice"),
            .section(.id("guide-never"), .h2(.txt(t("guide.never_title"))),
                     .ul(.forEach(neverKeys) { .li(.txt(t($0))) })),
            .section(.id("guide-how"), .h2(.txt(t("guide.how_title"))),
                     .ol(.forEach(howKeys) { .li(.txt(t($0))) }),
                     .p(.a(.class("button primary"), .href("/tip?lang=\(t.language.rawValue)"), .txt(t("guide.report_link")))))
        )
    }

    static func organization(_ entry: PublicKnowledgeEntry, _ language: Language, _ t: Translator) -> Node<HTML.BodyContext> {
        let examples = quotable(entry.examplePhrases)
        return .section(
            .class("guide-organization"), .id("organization-\(entry.organizationID)"),
            .attr("data-organization", String(entry.organizationID)),
            .h3(.txt(entry.name(language))),
            .p(.class("designation"),
               .unwrap(designationKey(entry.designation)) { key in
                   .span(.class("badge \(entry.designation)"), .txt(t(key)))
               },
               .if(!entry.legalBasis.isEmpty, .group(
                   .text(" "), .span(.class("legal"), .txt(t("guide.legal_basis") + ": " + entry.legalBasis))))),
            .if(!entry.aliases.isEmpty,
                .p(.class("aliases"), .strong(.txt(t("guide.aliases") + ": ")), .txt(entry.aliases.joined(separator: ", ")))),
            textBlock("recognition", t("guide.recognition"), entry.recognition, language, t),
            .if(!entry.symbols.isEmpty, .div(
                .class("guide-symbols"),
                .h4(.txt(t("guide.symbols"))),
                .div(.class("symbol-list"), .forEach(entry.symbols) { symbol in
                    .unwrap(GuideEntries.symbolPath(symbol.sha256)) { path in
                        let caption = GuideEntries.text(symbol.caption, language)?.text ?? ""
                        return .element(named: "figure", nodes: [
                            .img(.src(path), .attr("alt", caption), .attr("loading", "lazy")),
                            .element(named: "figcaption", nodes: [.txt(caption)]),
                        ])
                    }
                }))),
            .if(!examples.isEmpty, .div(
                .class("guide-examples"),
                .h4(.txt(t("guide.examples"))),
                .p(.class("muted"), .txt(t("guide.examples_note"))),
                .ul(.forEach(examples) { phrase in
                    .li(.span(.class("example-label"), .txt(t("guide.example_label") + ": ")),
                        .element(named: "q", nodes: [.txt(phrase)]))
                }))),
            textBlock("ideology", t("guide.ideology"), entry.ideology, language, t),
            textBlock("recruitment", t("guide.recruitment"), entry.recruitment, language, t),
            .if(!entry.counterMaterials.isEmpty, .div(
                .class("guide-counter"), .h4(.txt(t("guide.counter"))),
                .ul(.forEach(entry.counterMaterials) { link($0.title, $0.url) }))),
            .if(!entry.publicSources.isEmpty, .div(
                .class("guide-sources"), .h4(.txt(t("guide.sources"))),
                .ul(.forEach(entry.publicSources) { link($0.title, $0.url) }))),
            .p(.class("guide-report"),
               .a(.class("button primary"), .attr("href", reportPath(entry.organizationID, language)), .txt(t("guide.report_this"))))
        )
    }

    /// A text in the reader's language, or in another marked with its own `lang` and said to be so.
    static func textBlock(_ name: String, _ heading: String, _ texts: [Language: String], _ language: Language,
                          _ t: Translator) -> Node<HTML.BodyContext> {
        guard let found = GuideEntries.text(texts, language) else { return .empty }
        let paragraphs = found.text.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return .div(
            .class("guide-text guide-\(name)"),
            .h4(.txt(heading)),
            .if(found.language != language,
                .p(.class("muted"), .txt(t("guide.other_language", ["language": found.language.endonym])))),
            .div(.attr("lang", found.language.rawValue), .forEach(paragraphs) { .p(.txt($0)) })
        )
    }

    /// Links typed by staff open only when they are plain http(s); they leave with no referrer.
    private static func link(_ title: String, _ url: String?) -> Node<HTML.ListContext> {
        let text = title.isEmpty ? (url ?? "") : title
        guard let safe = GuideEntries.safeLink(url) else { return .li(.txt(text)) }
        return .li(.a(.attr("href", safe), .attr("rel", "noopener noreferrer nofollow"), .txt(text)))
    }
}
