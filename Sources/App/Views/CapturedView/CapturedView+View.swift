import Foundation
import Monitor
import Plot
import Vapor

/// The screenshot of a browser capture (a small picture we drew, linking to the full PNG) and a video's
/// metadata, file, thumbnail and subtitles, or why the video could not be captured. Shown on the item
/// page and under a case's evidence; every text a page or platform supplied is escaped.
extension CapturedView {
    static func view(_ v: CapturedView, text: CapturedVideoText?, request: Request) -> Node<HTML.BodyContext> {
        guard !v.isEmpty else { return .empty }
        return .div(
            .class("captured"), .attr("data-capture", String(v.anchorID)),
            screenshotFigure(v, request: request),
            videoBlock(v, text: text, request: request)
        )
    }

    static func screenshotFigure(_ v: CapturedView, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        guard let preview = v.preview, let previewID = preview.id else { return .empty }
        let source = "/captures/\(previewID)/preview"
        let alt = t("capture.screenshot.alt")
        let linked: Node<HTML.BodyContext>
        if let id = v.screenshot?.id {
            linked = .a(.attr("href", "/captures/\(id)/screenshot"), .class("screenshot-link"),
                        .img(.src(source), .attr("alt", alt), .attr("loading", "lazy"), .class("screenshot")))
        } else {
            linked = .img(.src(source), .attr("alt", alt), .attr("loading", "lazy"), .class("screenshot"))
        }
        return .div(
            .class("screenshot"), .attr("data-role", "screenshot"),
            .h3(.txt(t("capture.screenshot.title"))),
            linked,
            .p(
                .class("muted"),
                .unwrap(v.screenshot?.id) { id in
                    .group(.a(.id("open-screenshot-\(id)"), .attr("href", "/captures/\(id)/screenshot"),
                              .txt(t("capture.screenshot.open"))), .text(" · "))
                },
                .txt(Formats.dateTime((v.screenshot ?? preview).fetchedAt)),
                .unwrap(v.screenshot?.payloadSHA256) { sha in
                    .group(.text(" · SHA-256 "), .code(.class("hash"), .txt(sha)))
                }
            )
        )
    }

    static func videoBlock(_ v: CapturedView, text: CapturedVideoText?, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        guard v.info != nil || v.video != nil || v.videoThumbnail != nil || !v.subtitles.isEmpty || v.isVideoAnchor
        else { return .empty }
        let info = text?.info
        func row(_ key: String, _ value: String?) -> Node<HTML.DescriptionListContext> {
            guard let value, !value.isEmpty else { return .empty }
            return .group(.dt(.txt(t(key))), .dd(.txt(value)))
        }
        let duration = info?.duration.map { seconds -> String in
            let whole = Int(seconds.rounded())
            return t("capture.video.duration_value", ["minutes": String(whole / 60), "seconds": String(whole % 60)])
        }
        return .div(
            .class("video"), .attr("data-role", "video"),
            .h3(.txt(t("capture.video.title"))),
            .forEach(v.failures) { failure -> Node<HTML.BodyContext> in
                let (kind, message) = Self.videoFailure(failure.error ?? "")
                return .div(.class("alert"), .attr("data-failure", kind),
                            .p(.txt(t("capture.video.failed", ["reason": t("video_failure.\(kind)")]))),
                            .if(!message.isEmpty, .p(.class("muted"), .txt(t("capture.tool_message") + " "),
                                                     .code(.txt(message)))))
            },
            .unwrap(v.videoThumbnail?.id) { id in
                .img(.src("/captures/\(id)/preview"), .attr("alt", t("capture.video.thumbnail_alt")), .class("video-thumbnail"),
                     .attr("loading", "lazy"))
            },
            .dl(
                .class("details"),
                row("capture.video.name", info?.title),
                row("capture.video.uploader", info?.uploader ?? info?.channel ?? info?.uploaderID),
                row("capture.video.platform", info?.extractor),
                row("capture.video.published", info?.published.map(Formats.dateTime)),
                row("capture.video.duration", duration),
                row("capture.video.views", info?.viewCount.map(String.init)),
                row("capture.video.likes", info?.likeCount.map(String.init)),
                row("capture.video.comments", info?.commentCount.map(String.init)),
                .dt(.txt(t("capture.video.file"))),
                .dd(.unwrap(v.video, { video in
                    .group(.code(.txt(video.contentType ?? "")), .text(" "),
                           .a(.id("download-video-\(video.id ?? 0)"), .attr("href", "/captures/\(video.id ?? 0)/file"),
                              .txt(t("capture.video.download"))),
                           .unwrap(video.payloadSHA256) { sha in
                               .div(.class("muted"), .text("SHA-256 "), .code(.class("hash"), .txt(sha)))
                           })
                }, else: .span(.class("muted"), .txt(t("capture.video.no_file")))))
            ),
            .unwrap(info?.description.flatMap { $0.isEmpty ? nil : $0 }) { description in
                .group(.h4(.txt(t("capture.video.description"))), .pre(.class("item-text"), .txt(description)))
            },
            .if(!v.subtitles.isEmpty, .group(
                .h4(.txt(t("capture.subtitles"))),
                .forEach(v.subtitles) { row in
                    .details(.class("subtitles"),
                             .summary(.code(.txt(row.url))),
                             .pre(.class("item-text"), .txt(row.id.flatMap { text?.subtitles[$0] } ?? "")))
                }))
        )
    }

    /// yt-dlp's failure as stored on the row, `kind: message` (`VideoFailure`); anything else is `other`
    /// with the whole text as the message.
    static func videoFailure(_ error: String) -> (kind: String, message: String) {
        for kind in VideoFailure.Kind.allCases {
            for separator in [": ", ":"] where error.hasPrefix(kind.rawValue + separator) {
                return (kind.rawValue, String(error.dropFirst(kind.rawValue.count + separator.count)).prefix(2_000).description)
            }
        }
        return (VideoFailure.Kind.other.rawValue, String(error.prefix(2_000)))
    }
}
