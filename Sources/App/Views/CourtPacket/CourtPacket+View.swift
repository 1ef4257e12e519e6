import Foundation
import KaiguulCore
import Plot

/// The court packet as a standalone printable document: no navigation, no scripts, print CSS.
/// Chromium prints the same HTML to PDF.
extension CourtPacket {
    /// `inlineStyle` for the copy Chromium prints from a file; the served page links its stylesheet,
    /// as the content-security policy allows no inline style.
    static func render(_ model: Model, inlineStyle: Bool = false) -> String {
        let t = Translator(language: model.language)
        let title = t("court_packet.title", ["case": CasePackage.caseNumber(model.caseID)])
        let html = HTML(
            .attribute(named: "lang", value: model.language.rawValue),
            .head(
                .meta(.charset(.utf8)),
                .element(named: "title", text: Escape.text(title)),
                inlineStyle ? .element(named: "style", text: css) : .link(.rel(.stylesheet), .href(stylesheetPath))
            ),
            .body(
                .h1(.txt(title)),
                .p(.class("lead"), .txt(model.title)),
                target(model, t),
                evidence(model, t),
                conclusion(model, t),
                package(model, t),
                howToCheck(model, t),
                .p(.class("generated"), .txt(t("court_packet.generated", ["date": utc(model.generatedAt)])))
            )
        )
        return "<!DOCTYPE html>\n" + html.render()
    }

    static func utc(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date).replacingOccurrences(of: "T", with: " ").replacingOccurrences(
            of: "Z", with: " UTC")
    }

    private static func target(_ model: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .h2(.txt(t("court_packet.target"))),
            .dl(
                .dt(.txt(t("court_packet.target"))), .dd(.code(.txt(model.target))),
                .dt(.txt(t("court_packet.target_kind"))),
                .dd(.txt(model.targetKind == "domain" ? t("case.kind.site") : t("case.kind.account"))),
                .dt(.txt(t("court_packet.organization"))),
                .dd(.txt(model.organization ?? t("court_packet.none"))),
                .unwrap(model.organizationDecision.flatMap { $0.isEmpty ? nil : $0 }) { decision in
                    .group(.dt(.txt(t("court_packet.organization_decision"))), .dd(.txt(decision)))
                },
                .dt(.txt(t("court_packet.state"))), .dd(.txt(t("case_state." + model.state)))
            )
        )
    }

    private static func evidence(_ model: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .h2(.txt(t("court_packet.evidence"))),
            .if(model.evidence.isEmpty, .p(.txt(t("court_packet.none")))),
            .if(
                !model.evidence.isEmpty,
                .table(
                    .thead(
                        .tr(
                            .th(.txt("#")), .th(.txt(t("court_packet.kind"))), .th(.txt(t("court_packet.url"))),
                            .th(.txt(t("court_packet.captured_at"))), .th(.txt(t("court_packet.hashes")))
                        )),
                    .tbody(
                        .forEach(Array(model.evidence.enumerated())) { index, piece in
                            .tr(
                                .td(.txt(String(index + 1))),
                                .td(.txt(t("court_packet_kind." + piece.kind))),
                                .td(.class("url"), .txt(piece.url)),
                                .td(
                                    .txt(piece.capturedAt.map(utc) ?? "—"),
                                    .unwrap(piece.collector) {
                                        .div(.class("small"), .txt(t("court_packet.collector", ["collector": $0])))
                                    }),
                                .td(
                                    .class("hash"),
                                    .unwrap(piece.sha256) {
                                        .div(.txt(t("court_packet.content_sha256", ["sha256": $0])))
                                    },
                                    .forEach(piece.recordDigests) { record in
                                        .div(.class("small"), .txt("\(record.type): \(record.digest)"))
                                    })
                            )
                        })
                ))
        )
    }

    private static func conclusion(_ model: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .h2(.txt(t("court_packet.conclusion"))),
            .if(model.conclusions.isEmpty, .p(.txt(t("court_packet.no_conclusion")))),
            .forEach(model.conclusions) { document in
                .dl(
                    .dt(.txt(t("court_packet.document"))), .dd(.txt(document.filename)),
                    .dt(.txt("SHA-256")), .dd(.class("hash"), .txt(document.sha256)),
                    .dt(.txt(t("court_packet.expert"))), .dd(.txt(document.expert)),
                    .dt(.txt(t("court_packet.date"))), .dd(.txt(utc(document.uploadedAt)))
                )
            }
        )
    }

    private static func package(_ model: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .h2(.txt(t("court_packet.package"))),
            .unwrap(
                model.package,
                { package in
                    .dl(
                        .dt(.txt(t("court_packet.package_file"))), .dd(.code(.txt(package.file))),
                        .dt(.txt("SHA-256")), .dd(.class("hash"), .txt(package.sha256)),
                        .dt(.txt(t("court_packet.package_made"))),
                        .dd(.txt("\(utc(package.madeAt)), \(package.madeBy)"))
                    )
                }, else: .p(.txt(t("court_packet.no_package", ["path": "/cases/\(model.caseID)/package.wacz"]))))
        )
    }

    private static func howToCheck(_ model: Model, _ t: Translator) -> Node<HTML.BodyContext> {
        let file =
            model.package?.file
            ?? CasePackage.fileName(caseID: model.caseID).replacingOccurrences(
                of: #"\d{14}"#, with: "YYYYMMDDHHMMSS", options: .regularExpression)
        return .section(
            .h2(.txt(t("court_packet.how_to_check"))),
            .ol(
                .li(.txt(t("court_packet.check_sha256")), .pre(.code(.txt("sha256sum \(file)")))),
                .li(.txt(t("court_packet.check_expected", ["sha256": model.package?.sha256 ?? "—"]))),
                .li(.txt(t("court_packet.check_wacz")), .pre(.code(.txt("wacz validate -f \(file)")))),
                .li(.txt(t("court_packet.check_manifest")))
            )
        )
    }

    static let stylesheetPath = "/static/court-packet.css"

    static let css = """
        @page { size: A4; margin: 18mm 16mm; }
        body { font-family: "DejaVu Serif", Georgia, serif; font-size: 11pt; color: #000; background: #fff;
               max-width: 60rem; margin: 1.5rem auto; line-height: 1.35; }
        h1 { font-size: 16pt; margin: 0 0 .3rem; }
        h2 { font-size: 13pt; border-bottom: 1px solid #000; margin-top: 1.2rem; }
        .lead { font-style: italic; }
        dl { display: grid; grid-template-columns: 14rem 1fr; gap: .2rem .8rem; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #000; padding: .25rem .35rem; vertical-align: top; text-align: left; }
        .hash, .url, code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; word-break: break-all; }
        pre { white-space: pre-wrap; border: 1px solid #888; padding: .3rem; }
        .small { font-size: 8.5pt; }
        .generated { margin-top: 1.5rem; font-size: 9pt; }
        tr, dl, pre { break-inside: avoid; }
        @media screen { body { padding: 0 1rem; } }
        """
}
