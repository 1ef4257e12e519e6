import Foundation

/// Reads one message of a Telegram channel's public web preview (`t.me/s/NAME`).
///
/// The markup relied on: `div.tgme_widget_message[data-post="CHANNEL/ID"]`, text in
/// `div.tgme_widget_message_text`, date in `a.tgme_widget_message_date time[datetime]`, photos as a
/// `background-image:url('…')` style on `a.tgme_widget_message_photo_wrap`, `<video src>`, `<audio src>`.
enum TelegramMessageReader {
    /// Parts of a message that belong to something else: the channel avatar, the quoted message a reply
    /// answers, the preview of a linked page, custom emoji.
    static let foreignParts: Set<String> = [
        "tgme_widget_message_user", "tgme_widget_message_reply", "tgme_widget_message_link_preview", "emoji",
        "tgme_widget_message_author",
    ]

    static func read(_ message: DOMElement, resolver: LinkResolver) -> ExtractedItem? {
        guard let post = message.attribute("data-post") else { return nil }
        let parts = post.split(separator: "/")
        guard parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber), parts[1].count <= 18 else {
            return nil
        }
        let channel = String(parts[0]).lowercased()
        let id = String(parts[1])

        var text = ""
        var links = OrderedSet()
        if let body = textElement(in: message) {
            text = TextLayout.visibleText(of: body)
            for anchor in body.elements(named: "a") { links.append(anchor.attribute("href").flatMap(resolver.resolve)) }
        }
        if let poll = message.firstElement(withClass: "tgme_widget_message_poll"), let pollText = pollText(poll) {
            text = text.isEmpty ? pollText : text + "\n" + pollText
        }
        var preview: LinkPreview?
        if let card = message.firstElement(withClass: "tgme_widget_message_link_preview") {
            preview = linkPreview(card, resolver: resolver)
            links.append(preview?.url)
        }
        let forwarded = message.firstElement(withClass: "tgme_widget_message_forwarded_from").flatMap {
            forwardedFrom($0, resolver: resolver)
        }
        let signature = message.firstElement(withClass: "tgme_widget_message_from_author")?.normalisedText
        let owner = message.firstElement(withClass: "tgme_widget_message_owner_name")?.normalisedText
        let published = message.firstElement(withClass: "tgme_widget_message_date")?
            .firstElement(named: "time")?.attribute("datetime").flatMap(FeedDate.parse)
        let viewCount = message.firstElement(withClass: "tgme_widget_message_views").flatMap {
            Self.views($0.normalisedText)
        }
        return ExtractedItem(
            platformID: id, permalink: "https://t.me/\(channel)/\(id)", authorHandle: channel,
            authorName: signature.flatMap { $0.isEmpty ? nil : $0 } ?? owner, published: published, text: text,
            mediaURLs: media(in: message, resolver: resolver), links: links.elements, views: viewCount,
            forwardedFrom: forwarded, linkPreview: preview
        )
    }

    /// The message's own text: the outermost text block that is not inside a quoted reply or a preview.
    static func textElement(in message: DOMElement) -> DOMElement? {
        var found: DOMElement?
        message.forEachDescendant { element in
            let classes = element.classes
            if classes.contains(where: { foreignParts.contains($0) || $0 == "tgme_widget_message_poll" }) {
                return .skipChildren
            }
            if classes.contains("tgme_widget_message_text") {
                found = element
                return .stop
            }
            return .visitChildren
        }
        return found
    }

    /// Photos, videos (or their thumbnails when too big to embed), round videos, voice notes, stickers.
    static func media(in element: DOMElement, resolver: LinkResolver) -> [String] {
        var media = OrderedSet()
        func visit(_ element: DOMElement) -> DOMElement.Visit {
            let classes = Set(element.classes)
            if !classes.isDisjoint(with: foreignParts) { return .skipChildren }
            if !classes.isDisjoint(with: [
                "tgme_widget_message_photo_wrap", "tgme_widget_message_video_thumb",
                "tgme_widget_message_roundvideo_thumb", "tgme_widget_message_sticker",
            ]) {
                media.append(CSSURL.first(inStyle: element.attribute("style")).flatMap(resolver.resolve))
            }
            switch element.name {
            case "video", "audio", "img":
                media.append(element.attribute("src").flatMap(resolver.resolve))
            case "source":
                media.append(element.attribute("srcset").flatMap(resolver.resolve))
            default:
                break
            }
            return .visitChildren
        }
        if visit(element) != .skipChildren { element.forEachDescendant(visit) }
        return media.elements
    }

    static func linkPreview(_ card: DOMElement, resolver: LinkResolver) -> LinkPreview? {
        guard let url = card.attribute("href").flatMap(resolver.resolve) else { return nil }
        func text(_ className: String) -> String? {
            guard let element = card.firstElement(withClass: className) else { return nil }
            let value = TextLayout.visibleText(of: element)
            return value.isEmpty ? nil : value
        }
        let image = card.first {
            $0.hasClass("link_preview_image") || $0.hasClass("link_preview_right_image")
                || $0.hasClass("link_preview_video_thumb")
        }
        let video = card.first { $0.name == "video" }
        return LinkPreview(
            url: url, siteName: text("link_preview_site_name"), title: text("link_preview_title"),
            description: text("link_preview_description"),
            imageURL: CSSURL.first(inStyle: image?.attribute("style")).flatMap(resolver.resolve),
            videoURL: video?.attribute("src").flatMap(resolver.resolve)
        )
    }

    static func forwardedFrom(_ element: DOMElement, resolver: LinkResolver) -> ForwardedFrom? {
        guard let name = element.firstElement(withClass: "tgme_widget_message_forwarded_from_name") else {
            return nil
        }
        let url = name.name == "a" ? name.attribute("href").flatMap(resolver.resolve) : nil
        return ForwardedFrom(name: name.normalisedText, url: url)
    }

    static func pollText(_ poll: DOMElement) -> String? {
        guard let question = poll.firstElement(withClass: "tgme_widget_message_poll_question")?.normalisedText else {
            return nil
        }
        let options = poll.elements(withClass: "tgme_widget_message_poll_option_text").map(\.normalisedText)
        return ([question] + options.map { "- " + $0 }).joined(separator: "\n")
    }

    /// `746`, `33.4K`, `1.2M` as Telegram abbreviates view counts.
    static func views(_ text: String) -> Int? {
        var value = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: ",", with: ".")
        guard let last = value.last else { return nil }
        var multiplier = 1.0
        switch last {
        case "K", "k": multiplier = 1_000
        case "M", "m": multiplier = 1_000_000
        case "B", "b": multiplier = 1_000_000_000
        default: break
        }
        if multiplier > 1 { value.removeLast() }
        guard value.count <= 12, let number = Double(value), number >= 0, number.isFinite else { return nil }
        return Int((number * multiplier).rounded())
    }
}
