import Fluent
import KaiguulCore
import Plot
import Vapor

/// The board: a column per state, the newest cases first in each (at most 50 a column).
enum CaseBoard {
    static func query(on db: any Database, user: CurrentUser) async throws -> [CaseState: [CaseRecord]] {
        var columns: [CaseState: [CaseRecord]] = [:]
        for state in CaseState.allCases {
            columns[state] = try await CaseQuery.base(on: db, user: user).filter(\.$state == state.rawValue)
                .sort(\.$id, .descending).limit(50).all()
        }
        return columns
    }

    static func view(_ columns: [CaseState: [CaseRecord]], request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .div(.class("title-row"), .h1(.txt(t("case.board.title"))),
                 .a(.class("button"), .href("/cases"), .txt(t("case.list.title")))),
            .div(.class("board"), .id("case-board"),
                 .forEach(CaseState.allCases) { state in
                     column(state, columns[state] ?? [], t: t)
                 })
        )
    }

    static func column(_ state: CaseState, _ cases: [CaseRecord], t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .class("column"), .attr("data-state", state.rawValue),
            .h2(.txt(t("case_state." + state.rawValue) + " (\(cases.count))")),
            .ul(.forEach(cases) { c in
                .li(.a(.attr("href", "/cases/\(c.id ?? 0)"), .txt("#\(c.id ?? 0) " + c.title)),
                    .br(), .code(.class("muted"), .txt(c.target)))
            })
        )
    }
}
