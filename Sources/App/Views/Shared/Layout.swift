import KaiguulCore
import Plot
import Vapor

/// The frame of every page: navigation by role, the language switch, the signed-in user.
enum Layout {
    struct NavItem {
        var path: String
        var key: String
        /// What the viewer must be allowed to view to see the entry; nil: every signed-in person.
        var resource: Resource?
        /// The action on `resource` the viewer must be allowed.
        var action: Action = .view
    }

    static let navigation: [NavItem] = [
        NavItem(path: "/", key: "nav.home", resource: nil),
        NavItem(path: "/dashboard", key: "nav.dashboard", resource: .dashboard),
        NavItem(path: "/triage", key: "nav.triage", resource: .triage),
        NavItem(path: "/cases", key: "nav.cases", resource: .case),
        NavItem(path: "/sources", key: "nav.sources", resource: .source),
        NavItem(path: "/block-orders", key: "nav.block_orders", resource: .blockOrder),
        NavItem(path: "/blocklist", key: "nav.blocklist", resource: .blocklist),
        NavItem(path: "/compliance", key: "nav.compliance", resource: .probe),
        NavItem(path: "/tips", key: "nav.tips", resource: .tip),
        NavItem(path: "/volunteers", key: "nav.volunteers", resource: .volunteer),
        NavItem(path: "/materials", key: "nav.materials", resource: .counterMaterial),
        NavItem(path: "/reports", key: "nav.reports", resource: .report),
        NavItem(path: "/organizations", key: "nav.organizations", resource: .organization),
        NavItem(path: "/indicators", key: "nav.indicators", resource: .indicator),
        NavItem(path: "/regions", key: "nav.regions", resource: .region),
        NavItem(path: "/users", key: "nav.users", resource: .user),
        NavItem(path: "/sharing", key: "nav.sharing", resource: .sharingRule),
        NavItem(path: "/banks", key: "nav.banks", resource: .hashBank),
        NavItem(path: "/audit", key: "nav.audit", resource: .auditLog),
        // Erasures wait for whoever may confirm them (coordinators, admins).
        NavItem(path: "/erasure-requests", key: "nav.erasure_requests", resource: .personalData, action: .delete),
        // The public guide, for everyone who may read the knowledge base (volunteers first of all).
        NavItem(path: "/guide", key: "nav.guide", resource: .knowledge),
    ]

    static func render(request: Request, title: String, content: Node<HTML.BodyContext>) -> String {
        let t = request.t
        let user = request.currentUser
        let csrf = CSRFMiddleware.token(for: request)
        let html = HTML(
            .attribute(named: "lang", value: request.language.rawValue),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: Escape.text(title) + " — Kaiguul"),
                .link(.rel(.stylesheet), .href("/static/app.css")),
                .script(.src("/static/app.js"), .attribute(named: "defer"))
            ),
            .body(
                .header(
                    .class("top"),
                    .a(.class("brand"), .href("/"), .text(t("app.name"))),
                    .unwrap(user, { user in menu(request: request, user: user, csrf: csrf) },
                            else: languageSwitch(request: request, csrf: csrf))
                ),
                .main(Flash.node(request), content),
                .footer(.txt(t("app.footer")))
            )
        )
        return html.render()
    }

    /// Navigation, language switch and the signed-in person. On a phone they fold behind a "Menu" button so
    /// the header stays one line: the button is the label of a visually hidden checkbox, and the stylesheet
    /// shows the menu while it is checked, so it needs no JavaScript (a closed `<details>` would do the same,
    /// but browsers, automation and assistive tools treat its contents as hidden even where the stylesheet
    /// shows them on a wide screen). On a wide screen the button is hidden and the menu is a bar.
    static func menu<C: HTML.BodyContext>(request: Request, user: CurrentUser, csrf: String) -> Node<C> {
        let t = request.t
        let items = navigation.filter { item in item.resource.map { request.can(item.action, $0) } ?? true }
        return .group(
            .input(.type(.checkbox), .id("menu-toggle"), .class("menu-toggle"), .attr("aria-controls", "menu")),
            .label(.for("menu-toggle"), .class("menu-button"), .txt(t("nav.menu"))),
            .div(
                .id("menu"), .class("menu-body"),
                .nav(
                    .attr("aria-label", t("nav.main")),
                    .ul(.forEach(items) { item in
                        .li(.a(.href(item.path),
                               .if(item.path == request.url.path, .attr("aria-current", "page")),
                               .txt(t(item.key))))
                    })
                ),
                languageSwitch(request: request, csrf: csrf),
                .div(
                    .class("who"),
                    .a(.href("/account"), .txt(user.displayName)),
                    .span(.class("role"), .txt(t("role.\(user.role.rawValue)"))),
                    .form(
                        .method(.post), .action("/logout"), .class("inline"),
                        .input(.type(.hidden), .name(CSRFMiddleware.field), .attr("value", csrf)),
                        .button(.type(.submit), .txt(t("nav.logout")))
                    )
                )
            )
        )
    }

    /// A form per language so the switch works without JavaScript; the choice is remembered on
    /// the user (when signed in) and in a cookie.
    static func languageSwitch<C: HTML.BodyContext>(request: Request, csrf: String) -> Node<C> {
        .form(
            .method(.post), .action("/language"), .class("lang"),
            .input(.type(.hidden), .name(CSRFMiddleware.field), .attr("value", csrf)),
            .input(.type(.hidden), .name("back"), .attr("value", request.url.string)),
            .forEach(Language.allCases) { lang in
                .button(
                    .type(.submit), .name("lang"), .attr("value", lang.rawValue),
                    .attr("lang", lang.rawValue),
                    .class(lang == request.language ? "current" : ""),
                    .txt(lang.endonym)
                )
            }
        )
    }
}

extension Request {
    /// Renders a page in the layout.
    func page(_ title: String, status: HTTPResponseStatus = .ok, _ content: Node<HTML.BodyContext>) -> Response {
        let response = Response(status: status, body: .init(string: Layout.render(request: self, title: title, content: content)))
        response.headers.contentType = .html
        return response
    }
}
