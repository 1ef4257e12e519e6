import Plot
import Vapor

extension TipIndex {
    /// Whether the list shows senders' contacts (masked) with a "show" button: staff who may open
    /// contacts, on the whole queue. A volunteer's own list never has the column.
    static func showsContacts(_ m: Model, request: Request) -> Bool {
        !m.ownOnly && request.opensContacts
    }

    /// The sender's contact masked (`•••456`), and the audited "show"; "—" when there is none or it
    /// was erased.
    static func contactCell(_ tip: Tip, csrf: String, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        guard let contact = try? tip.openContact(request.personalData), !contact.isEmpty else { return .txt("—") }
        return .group(
            .span(.class("contact-masked"), .txt(ContactHash.masked(contact))), .text(" "),
            .form(.method(.post), .attr("action", "/tips/\(tip.id ?? 0)/contact"), .class("inline"),
                  Forms.csrf(csrf), .button(.type(.submit), .txt(t("contact.show")))))
    }

    /// The answer to "show": the one contact, once, with the note that the showing was logged.
    static func contactPage(id: Int, contact: String?, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .id("tip-contact"),
            .p(.class("breadcrumb"), .a(.href("/tips"), .txt(t("contact.back_to_tips")))),
            .h1(.txt(t("contact.tip_title", ["id": String(id)]))),
            .dl(.class("facts"),
                .dt(.txt(t("contact.tip_sender"))),
                .dd(.id("tip-contact-value"), .txt(contact ?? "—"))),
            .if(contact != nil, .p(.class("hint"), .txt(t("contact.shown_logged"))))
        )
    }
}
