import Plot
import Vapor

/// The banner above a list whose filters could not all be read: each refused filter named with the value
/// given, so nobody takes an unfiltered list for a filtered one.
enum FilterErrors {
    static func banner(_ query: ListQuery, request: Request) -> Node<HTML.BodyContext> {
        guard !query.problems.isEmpty else { return .empty }
        let t = request.t
        return .div(
            .id("filter-errors"), .class("alert"), .attr("role", "alert"),
            .p(.strong(.txt(t("list.filter.heading")))),
            .ul(.forEach(query.problems) { problem in
                .li(.attr("data-filter", problem.filter), .txt(t(problem.reason, problem.values(t))))
            })
        )
    }

    /// The list's place when its filters were refused: the banner says why, so no rows are shown.
    static func emptyBecauseRefused(request: Request) -> Node<HTML.BodyContext> {
        .p(.class("empty"), .txt(request.t("list.filter.not_shown")))
    }
}
