import Plot
import Vapor

/// Page number and size from the query string, bounded so no request can ask for everything.
struct Paging: Sendable {
    var page: Int
    var perPage: Int

    init(page: Int?, perPage: Int? = nil) {
        self.page = max(1, min(page ?? 1, 100_000))
        self.perPage = max(1, min(perPage ?? 25, 200))
    }

    var offset: Int { (page - 1) * perPage }

    static func from(_ request: Request) -> Paging {
        Paging(page: request.query[Int.self, at: "page"], perPage: request.query[Int.self, at: "per_page"])
    }
}

enum Pager {
    /// Previous/next links that keep the current filters.
    static func links(request: Request, paging: Paging, total: Int) -> Node<HTML.BodyContext> {
        let t = request.t
        let pages = max(1, (total + paging.perPage - 1) / paging.perPage)
        func link(_ page: Int) -> String {
            var items = URLComponents(string: request.url.string)?.queryItems ?? []
            items.removeAll { $0.name == "page" }
            items.append(URLQueryItem(name: "page", value: String(page)))
            var components = URLComponents()
            components.path = request.url.path
            components.queryItems = items
            return components.string ?? request.url.path
        }
        return .nav(
            .class("pager"), .attr("aria-label", t("paging.label")),
            .if(paging.page > 1, .a(.attr("href", link(paging.page - 1)), .attr("rel", "prev"), .txt(t("paging.prev")))),
            .span(.txt(t("paging.status", ["page": String(paging.page), "pages": String(pages), "total": String(total)]))),
            .if(paging.page < pages, .a(.attr("href", link(paging.page + 1)), .attr("rel", "next"), .txt(t("paging.next"))))
        )
    }
}
