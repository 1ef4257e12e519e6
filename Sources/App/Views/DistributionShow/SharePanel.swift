import Plot
import Vapor

/// A distribution's link as it is passed on: the full address with a copy button, and the ready
/// message (in the group's language) with a copy button and WhatsApp's share link. Used by the
/// distributions list, a distribution's page and the volunteer's home.
struct SharePanel {
    var id: Int
    var url: String
    var message: String
    var whatsApp: String

    init(_ d: Distribution, base: String, fallback language: Language) {
        id = d.id ?? 0
        url = TrackedLink.url(code: d.code, base: base)
        message = TrackedLink.message(title: d.material.title, url: url, language: d.group?.chatLanguage ?? language)
        whatsApp = TrackedLink.whatsApp(message)
    }

    /// The address and its buttons, compact enough for a table cell or a list item.
    func link(_ t: Translator) -> Node<HTML.BodyContext> {
        .div(.class("share"),
             .code(.id("link-\(id)"), .class("tracked-url"), .txt(url)),
             .div(.class("share-actions"),
                  .button(.type(.button), .class("copy"), .attr("data-copy", "#link-\(id)"),
                          .attr("data-copied", t("share.copied")), .txt(t("share.copy_link"))),
                  .a(.class("button whatsapp"), .attr("href", whatsApp), .attr("target", "_blank"),
                     .attr("rel", "noopener noreferrer"), .txt(t("share.whatsapp")))))
    }

    /// The message itself, as a read-only field a person can select and copy by hand too.
    func messageBox(_ t: Translator) -> Node<HTML.BodyContext> {
        .div(.class("share-message"),
             .label(.for("message-\(id)"), .txt(t("share.message"))),
             // Raw markup with every character escaped: Plot has no textarea in this context.
             .raw("<textarea id=\"message-\(id)\" readonly rows=\"4\">\(Escape.attribute(message))</textarea>"),
             .button(.type(.button), .class("copy"), .attr("data-copy", "#message-\(id)"),
                     .attr("data-copied", t("share.copied")), .txt(t("share.copy_message"))))
    }
}
