import KaiguulCore
import Plot
import Vapor

extension BlocklistPage {
    /// The page at `/blocklist`; the provider's home holds the same sections inside `#home`.
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        .div(.id("blocklist"), .h1(.txt(request.t("blocklist.page.title"))), sections(m, request: request))
    }

    static func sections(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .group(
            .section(
                .class("work"), .attr("data-work", "blocklist"),
                .h2(.txt(t("home.work.blocklist"))),
                .p(.attr("data-serial", String(m.serial)),
                   .txt(t("blocklist.page.state", ["serial": String(m.serial), "n": String(m.entries),
                                                   "time": Formats.dateTime(m.changedAt)]))),
                .div(.class("scroll"),
                     .table(.class("list"),
                            .thead(.tr(.th(.txt(t("blocklist.page.format"))), .th(.txt(t("blocklist.page.size"))),
                                       .th(.text("ETag")), .th(.txt(t("blocklist.page.download"))))),
                            .tbody(.forEach(m.formats) { f in
                                .tr(.attr("data-item", f.name), .attr("data-format", f.name),
                                    .td(.strong(.txt(f.name.uppercased())), .br(), .small(.txt(f.mediaType))),
                                    .td(.txt(t("blocklist.page.bytes", ["n": String(f.bytes)]))),
                                    .td(.code(.class("etag"), .txt(f.etag))),
                                    .td(.a(.attr("href", f.download),
                                           .attr("download", "kaiguul-blocklist-\(m.serial).\(f.fileExtension)"),
                                           .txt(t("blocklist.page.download_as", ["format": f.name.uppercased()])))))
                            })))),
            .section(
                .class("work"), .attr("data-work", "api"),
                .h2(.txt(t("home.work.api"))),
                .p(.txt(t("blocklist.page.api_intro"))),
                .ol(
                    .li(.txt(t("blocklist.page.api_token")), .text(" "),
                        .if(m.canMakeToken, .a(.href("/account"), .txt(t("blocklist.page.api_token_link"))))),
                    .li(.txt(t("blocklist.page.api_fetch"))),
                    .li(.txt(t("blocklist.page.api_unchanged")))),
                .ul(.class("worklist"), .forEach(m.formats) { f in
                    .li(.attr("data-item", "api-\(f.name)"),
                        .strong(.txt(f.name.uppercased())), .text(" "),
                        .code(.class("url"), .txt(f.api)),
                        .pre(.id("curl-\(f.name)"), .code(.txt(curl(f)))),
                        .button(.type(.button), .attr("data-copy", "#curl-\(f.name)"), .txt(t("blocklist.page.copy"))))
                })))
    }
}
