import Plot
import Vapor

extension ItemShow {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        let item = m.item
        func row(_ key: String, _ value: String) -> Node<HTML.DescriptionListContext> {
            .group(.dt(.txt(t(key))), .dd(.txt(value.isEmpty ? "—" : value)))
        }
        let capture = m.capture
        let details: Node<HTML.BodyContext> = .dl(
            .class("details"),
            .unwrap(m.source) { s in
                .group(.dt(.txt(t("item.source"))),
                       .dd(.a(.attr("href", m.sourceLink ?? "/sources/\(s.id ?? 0)"),
                              .txt(s.title.isEmpty ? s.address : s.title))))
            },
            row("item.key", item.itemKey),
            row("item.permalink", item.permalink ?? ""),
            row("item.author", item.authorHandle ?? ""),
            row("item.published", item.publishedAt.map(Formats.dateTime) ?? ""),
            row("item.version", String(item.version)),
            row("item.state", item.goneAt.map { t("item.gone_since", ["at": Formats.dateTime($0)]) } ?? t("item.present")),
            row("item.content_sha256", item.contentSHA256 ?? ""),
            row("item.captured", capture.map { Formats.dateTime($0.fetchedAt) } ?? ""),
            row("item.capture_url", capture?.url ?? ""),
            row("item.payload_sha256", capture?.payloadSHA256 ?? ""),
            row("item.warc", capture.map { "\($0.warcFile ?? "—") @ \($0.warcOffset ?? 0) (+\($0.warcLength ?? 0))" } ?? ""),
            .dt(.txt(t("item.raw_record"))),
            .dd(.if(m.canDownload && capture?.warcFile != nil,
                    .a(.id("download-record"), .attr("href", "/captures/\(capture?.id ?? 0)/record"),
                       .txt(t("item.download_record"))),
                    else: .text("—")),
                .if(m.canDownload && capture?.warcFile != nil && ArchivedPage.isHTML(capture?.contentType),
                    .group(.text(" · "), .a(.id("view-archived"), .attr("href", "/captures/\(capture?.id ?? 0)/archived"),
                                           .txt(t("evidence.open_archived"))))))
        )
        let media: Node<HTML.BodyContext> = m.media.isEmpty ? .p(.class("empty"), .txt(t("list.empty"))) :
            .ul(.id("item-media"), .forEach(Array(m.media.enumerated())) { index, file in
                .li(
                    .code(.txt(file.url)), .text(" "),
                    .if(file.sha256 != nil,
                        .group(.span(.class("muted"), .txt("sha256 " + (file.sha256 ?? ""))), .text(" "),
                               .a(.attr("href", "/items/\(item.id ?? 0)/media/\(index)"), .txt(t("item.download_media")))),
                        else: .span(.class("muted"), .txt(file.error ?? "")))
                )
            })
        return .div(
            .div(.class("title-row"), .h1(.txt(item.title.flatMap { $0.isEmpty ? nil : $0 } ?? t("item.title")))),
            details,
            .unwrap(m.captured) { CapturedView.view($0, text: m.capturedText, request: request) },
            .h2(.txt(t("item.text"))),
            .pre(.class("item-text"), .txt(item.text)),
            .h2(.txt(t("item.media"))),
            media,
            .h2(.txt(t("item.versions"))),
            .ul(.forEach(m.versions) { v in
                .li(v.id == item.id ? .strong(.txt("v\(v.version)")) :
                        .a(.attr("href", "/items/\(v.id ?? 0)"), .txt("v\(v.version)")),
                    .text(" "), .span(.class("muted"), .txt(v.createdAt.map(Formats.dateTime) ?? "")))
            })
        )
    }
}
