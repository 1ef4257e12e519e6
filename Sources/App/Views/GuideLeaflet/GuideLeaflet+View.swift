import Plot

/// A standalone printable document: no navigation, no scripts, print CSS for A4.
extension GuideLeaflet {
    /// `inlineStyle` for the copy Chromium prints from a file; the served page links its stylesheet,
    /// as the content-security policy allows no inline style.
    static func render(_ m: Model, inlineStyle: Bool = false) -> String {
        let t = Translator(language: m.language)
        let html = HTML(
            .attribute(named: "lang", value: m.language.rawValue),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: Escape.text(t("guide.leaflet_title"))),
                inlineStyle ? .element(named: "style", text: css) : .link(.rel(.stylesheet), .href(stylesheetPath))
            ),
            .body(
                .id("guide-leaflet"),
                .h1(.txt(t("guide.leaflet_title"))),
                .p(.class("lead"), .txt(t("guide.intro"))),
                .div(
                    .class("advice"),
                    .section(.h2(.txt(t("guide.never_title"))), .ul(.forEach(Guide.neverKeys) { .li(.txt(t($0))) })),
                    .section(.h2(.txt(t("guide.how_title"))), .ol(.forEach(Guide.howKeys) { .li(.txt(t($0))) }),
                             .p(.class("report"), .txt(t("guide.report_at", ["url": m.base + "/tip"]))))
                ),
                .if(m.entries.isEmpty, .p(.txt(t("guide.empty")))),
                .forEach(m.entries) { organization($0, m, t) }
            )
        )
        return "<!DOCTYPE html>\n" + html.render()
    }

    private static func organization(_ entry: PublicKnowledgeEntry, _ m: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        let examples = Guide.quotable(entry.examplePhrases)
        return .section(
            .class("organization"), .attr("data-organization", String(entry.organizationID)),
            .h2(.txt(entry.name(m.language))),
            .p(.class("designation"),
               .unwrap(Guide.designationKey(entry.designation)) { .strong(.txt(t($0))) },
               .if(!entry.legalBasis.isEmpty, .txt(" — " + t("guide.legal_basis") + ": " + entry.legalBasis))),
            .if(!entry.aliases.isEmpty, .p(.class("aliases"), .txt(t("guide.aliases") + ": " + entry.aliases.joined(separator: ", ")))),
            .unwrap(GuideEntries.text(entry.recognition, m.language)) { found in
                .div(.class("recognition"), .h3(.txt(t("guide.recognition"))),
                     .div(.attr("lang", found.language.rawValue),
                          .forEach(found.text.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                              .p(.txt($0))
                          }))
            },
            .if(!entry.symbols.isEmpty, .div(.class("symbols"), .forEach(entry.symbols) { symbol in
                .unwrap(imageSource(symbol.sha256, m)) { source in
                    let caption = GuideEntries.text(symbol.caption, m.language)?.text ?? ""
                    return .element(named: "figure", nodes: [
                        .img(.src(source), .attr("alt", caption)),
                        .element(named: "figcaption", nodes: [.txt(caption)]),
                    ])
                }
            })),
            .if(!examples.isEmpty, .div(
                .class("examples"),
                .h3(.txt(t("guide.examples"))),
                .p(.class("note"), .txt(t("guide.examples_note"))),
                .ul(.forEach(examples) { phrase in
                    .li(.span(.class("label"), .txt(t("guide.example_label") + ": ")), .element(named: "q", nodes: [.txt(phrase)]))
                }))),
            .p(.class("report"), .txt(t("guide.report_at", ["url": m.base + Guide.reportPath(entry.organizationID, m.language)])))
        )
    }

    /// The symbol's `data:` image when printing from a file, its route on the served page; nothing when
    /// the image could not be read for the print.
    private static func imageSource(_ sha256: String, _ m: Model) -> String? {
        if let inline = m.inlineImages { return inline[sha256.lowercased()] }
        return GuideEntries.symbolPath(sha256)
    }

    static let css = """
    @page { size: A4; margin: 12mm; }
    * { box-sizing: border-box; }
    body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #111;
           max-width: 190mm; margin: 0 auto; padding: 4mm; overflow-wrap: anywhere; }
    h1 { font-size: 17pt; margin: 0 0 2mm; }
    h2 { font-size: 12.5pt; margin: 3mm 0 1mm; }
    h3 { font-size: 10.5pt; margin: 2mm 0 1mm; }
    p { margin: 1mm 0; }
    .lead { font-size: 11pt; }
    .advice { display: grid; grid-template-columns: 1fr 1fr; gap: 0 6mm; border: 1px solid #999; padding: 1mm 4mm; margin: 3mm 0; }
    .advice ul, .advice ol { padding-left: 5mm; margin: 1mm 0; }
    .organization { break-inside: avoid; page-break-inside: avoid; border-top: 1.5pt solid #444; margin-top: 3mm; padding-top: 1mm; }
    .designation strong { color: #7a1512; }
    .symbols { display: flex; flex-wrap: wrap; gap: 3mm; }
    .symbols figure { margin: 0; width: 26mm; text-align: center; font-size: 8pt; }
    .symbols img { width: 26mm; height: auto; border: 0.5pt solid #999; }
    .examples ul { list-style: none; padding: 0; margin: 1mm 0; }
    .examples li { border-left: 2.5pt solid #c0392b; padding-left: 2mm; margin: 1mm 0; }
    .examples .label { font-size: 8pt; text-transform: uppercase; color: #7a1512; }
    .note { font-size: 8.5pt; color: #444; }
    .report { font-weight: bold; }
    @media screen and (max-width: 40rem) { .advice { grid-template-columns: 1fr; } }
    """
}
