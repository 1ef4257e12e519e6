import KaiguulCore
import Plot
import Vapor

/// The case's evidence timeline: every piece with what it is, when it was captured, its digests,
/// where its records are, who collected it and how to open it; the documents; and, for analysts,
/// attaching more captures or capturing the target again now.
extension CaseShow {
    /// A way to open a piece: `rel` is stable (API `links`), `label` a translation key.
    struct Link {
        var rel: String
        var href: String
        var label: String
    }

    static func links(of e: CaseEvidenceEntry) -> [Link] {
        var links: [Link] = []
        if let item = e.row.itemID { links.append(Link(rel: "item", href: "/items/\(item)", label: "evidence.open_item")) }
        if let capture = e.capture, let id = capture.id {
            if e.isArchivedPage {
                links.append(Link(rel: "archived", href: "/captures/\(id)/archived", label: "evidence.open_archived"))
            }
            if capture.warcFile != nil {
                links.append(Link(rel: "record", href: "/captures/\(id)/record", label: "evidence.download_record"))
            }
        }
        if let document = e.row.documentID {
            links.append(Link(rel: "document", href: "/documents/\(document)", label: "evidence.open_document"))
        }
        return links
    }

    static func evidenceSection(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let id = m.record.id ?? 0
        let upload: Node<HTML.BodyContext> = m.canUpload ? .form(
            .method(.post), .action("/cases/\(id)/documents"), .attr("enctype", "multipart/form-data"), .id("upload-form"),
            Forms.csrf(m.csrf),
            Forms.select("kind", label: t("document.kind"),
                         options: DocumentKind.allCases.map { ($0.rawValue, t("document_kind." + $0.rawValue)) },
                         selected: "evidence", error: nil),
            .raw("<div class=\"field\"><label for=\"f-file\">\(Escape.attribute(t("document.file")))</label>"
                 + "<input type=\"file\" name=\"file\" id=\"f-file\" required></div>"),
            .button(.type(.submit), .txt(t("document.upload")))
        ) : .empty
        return .section(
            .id("evidence"),
            .h2(.txt(t("case.evidence"))),
            EvidenceTimestamp.notice(app: request.application, t: t),
            evidenceTable(m, request: request),
            .table(.class("list"), .id("documents"),
                   .thead(.tr(.th(.txt(t("document.file"))), .th(.txt(t("document.kind"))), .th(.txt("SHA-256")))),
                   .tbody(.forEach(m.documents) { d in
                       .tr(.td(.a(.attr("href", "/documents/\(d.id ?? 0)"), .txt(d.filename))),
                           .td(.txt(t("document_kind." + d.kind))),
                           .td(.code(.class("hash"), .txt(d.sha256))))
                   })),
            upload,
            attachForms(m, request: request)
        )
    }

    static func evidenceTable(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        guard !m.entries.isEmpty else { return .p(.class("empty"), .id("evidence-empty"), .txt(t("evidence.none"))) }
        return .table(
            .class("list"), .id("evidence-timeline"),
            .thead(.tr(.th(.txt(t("evidence.what"))), .th(.txt(t("evidence.captured_at"))),
                       .th(.txt(t("evidence.digests"))), .th(.txt(t("evidence.warc"))),
                       .th(.txt(t("evidence.collector"))), .th(.txt(t("evidence.open"))))),
            .tbody(.forEach(m.entries) { e in
                .tr(.attr("data-kind", e.kind.rawValue), .attr("data-evidence-id", String(e.row.id ?? 0)),
                    .td(.span(.class("badge"), .txt(t("evidence_kind." + e.kind.rawValue))),
                        .br(), .code(.txt(e.capture?.url ?? e.item?.permalink ?? e.row.url ?? e.document?.filename ?? "")),
                        .if(!e.row.note.isEmpty, .p(.class("muted"), .txt(e.row.note)))),
                    .td(.txt(e.capturedAt.map(Formats.dateTime) ?? "—")),
                    .td(digestCell(e, t)),
                    .td(.code(.txt(e.capture.map { "\($0.warcFile ?? "—") @ \($0.warcOffset ?? 0) (+\($0.warcLength ?? 0))" }
                                   ?? "—"))),
                    .td(.txt(e.capture?.collector ?? "—")),
                    .td(.ul(.class("links"), .forEach(links(of: e)) { link in
                        .li(.a(.attr("href", link.href), .attr("data-rel", link.rel), .txt(t(link.label))))
                    })))
            })
        )
    }

    static func digestCell(_ e: CaseEvidenceEntry, _ t: Translator) -> Node<HTML.BodyContext> {
        .group(
            .if(e.sha256 != nil, .div(.text("SHA-256 "), .code(.class("hash"), .txt(e.sha256 ?? "")))),
            .forEach(e.recordDigests) { type, digest in
                .div(.class("muted"), .attr("data-record", type), .txt(t("warc_record.\(type)") + " "),
                     .code(.class("hash"), .txt(digest)))
            }
        )
    }

    /// Analysts only: attach captures the case does not hold yet, or capture the target now.
    static func attachForms(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let id = m.record.id ?? 0
        guard m.canAttach else { return .empty }
        let fieldError: String? = m.error.flatMap { ["evidence", "capture"].contains($0.field ?? "") ? $0.text(t) : nil }
        let attach: Node<HTML.BodyContext> = m.attachable.isEmpty
            ? .p(.class("muted"), .id("attach-none"), .txt(t("evidence.attach_none")))
            : .form(
                .method(.post), .action("/cases/\(id)/evidence"), .id("attach-form"),
                Forms.csrf(m.csrf),
                .h3(.txt(t("evidence.attach"))),
                .ul(.class("choices"), .forEach(m.attachable) { c in
                    .li(.label(.input(.type(.checkbox), .name("capture_ids[]"), .value(String(c.id ?? 0))),
                               .text(" "), .code(.txt(c.url)), .text(" "),
                               .span(.class("muted"), .txt(Formats.dateTime(c.fetchedAt) + " · "
                                                           + String((c.payloadSHA256 ?? "").prefix(16))))))
                }),
                Forms.textarea("note", label: t("evidence.note"), value: "", error: nil, max: 10_000, rows: 2),
                .button(.type(.submit), .txt(t("evidence.attach")))
            )
        return .div(
            .id("evidence-forms"),
            .if(fieldError != nil, .p(.class("error"), .id("evidence-error"), .txt(fieldError ?? ""))),
            attach,
            .form(
                .method(.post), .action("/cases/\(id)/captures"), .id("capture-now-form"),
                Forms.csrf(m.csrf),
                .h3(.txt(t("evidence.capture_now"))),
                .p(.class("muted"), .txt(t("evidence.capture_now.hint", ["target": m.record.target]))),
                // Fetched as served, read in a browser (screenshots, script-built text), or as a video post.
                Forms.select("mode", label: t("source.capture_mode"),
                             options: CaptureMode.allCases.map { ($0.rawValue, t("capture_mode.\($0.rawValue)")) },
                             selected: CaptureMode.http.rawValue, error: nil),
                Forms.textarea("note", label: t("evidence.note"), value: "", error: nil, max: 10_000, rows: 2),
                .button(.type(.submit), .txt(t("evidence.capture_now")))
            )
        )
    }

    /// A mirror's case names the decision it rests on; an original case lists its mirrors.
    static func linkedFacts(_ m: Model, request: Request) -> Node<HTML.DescriptionListContext> {
        let t = request.t
        return .group(
            .if(m.parentDecision != nil,
                .group(.dt(.txt(t("evidence.mirror_of_decision"))),
                       .dd(.id("mirror-decision"),
                           .txt(m.parentDecision.map { "\($0.court) — \($0.number), \($0.decidedOn)" } ?? ""),
                           .p(.id("mirror-coverage"), .class("hint"),
                              .txt(t(m.parentDecision?.coversMirrors == true ? "case.mirror.covered"
                                                                           : "case.mirror.not_covered")))))),
            .if(!m.mirrors.isEmpty,
                .group(.dt(.txt(t("evidence.mirrors"))),
                       .dd(.id("mirror-cases"), .forEach(m.mirrors) { c in
                           .span(.a(.attr("href", "/cases/\(c.id ?? 0)"), .txt("#\(c.id ?? 0) \(c.target)")), .text(" "))
                       }))))
    }
}
