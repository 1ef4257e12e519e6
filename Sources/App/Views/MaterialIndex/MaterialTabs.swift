import Plot
import Vapor

/// The two lists of the counter-materials area, one link away from each other.
enum MaterialTabs {
    enum Tab { case materials, distributions }

    static func nav(_ current: Tab, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        func tab(_ tab: Tab, _ href: String, _ key: String) -> Node<HTML.BodyContext> {
            tab == current
                ? .a(.href(href), .class("tab current"), .attr("aria-current", "page"), .txt(t(key)))
                : .a(.href(href), .class("tab"), .txt(t(key)))
        }
        return .nav(.class("tabs"), .attr("aria-label", t("material.area")),
                    tab(.materials, "/materials", "material.list.title"),
                    tab(.distributions, "/distributions", "distribution.list.title"))
    }
}
