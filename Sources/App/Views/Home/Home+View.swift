import KaiguulCore
import Plot
import Vapor

extension Home {
    static func view(_ m: Model, request: Request) -> Node<HTML.BodyContext> {
        let t = request.t
        return frame(role: m.role, request: request,
                     .group(.forEach(m.worklists) { section($0, t: t) }),
                     .if(m.dashboard, .p(.class("more"), .a(.href("/dashboard"), .txt(t("home.to_dashboard"))))))
    }

    /// The page's frame the browser test and other pages find: `#home[data-role]`, a heading, the lists.
    static func frame(role: Role, request: Request, _ content: Node<HTML.BodyContext>...) -> Node<HTML.BodyContext> {
        let t = request.t
        return .div(
            .id("home"), .attr("data-role", role.rawValue),
            .h1(.txt(t("home.title"))),
            .p(.class("hint"), .txt(t("home.intro.\(role.rawValue)"))),
            .group(content))
    }

    /// One list: `section.work[data-work]`, its heading with the count, its entries (`data-item`) or
    /// `p.empty`, and the page holding the rest.
    static func section(_ list: Worklist, t: Translator) -> Node<HTML.BodyContext> {
        .section(
            .class("work"), .attr("data-work", list.name),
            .h2(.txt(t("home.work.\(list.name)")), .text(" "), .span(.class("count"), .text("(\(list.total))"))),
            list.entries.isEmpty
                ? .p(.class("empty"), .txt(t("home.empty.\(list.name)")))
                : .ul(.class("worklist"), .forEach(list.entries) { entry(list.name, $0, t: t) }),
            .unwrap(list.more) { more in
                .if(list.total > list.entries.count,
                    .p(.class("more"), .a(.attr("href", more), .txt(t("home.more", ["n": String(list.total)])))))
            })
    }

    static func entry(_ list: String, _ e: WorklistEntry, t: Translator) -> Node<HTML.ListContext> {
        let title = e.titleKey.map { t($0) } ?? e.title
        let label: Node<HTML.BodyContext> = e.href.map { .a(.attr("href", $0), .txt(title)) } ?? .strong(.txt(title))
        return .li(
            .attr("data-item", list),
            label,
            .if(!e.facts.isEmpty, .span(.class("facts"), .forEach(e.facts) { fact($0, t: t) })))
    }

    static func fact(_ fact: WorklistEntry.Fact, t: Translator) -> Node<HTML.BodyContext> {
        switch fact {
        case .state(let state):
            return .span(.class("badge state-\(state.rawValue)"), .txt(t("case_state.\(state.rawValue)")))
        case .since(let date):
            return .span(.class("when"), .txt(t("home.fact.since", ["time": Formats.dateTime(date)])))
        case .day(let day):
            return .span(.class("when"), .txt(day))
        case .text(let value):
            return .span(.class("value"), .txt(value))
        case .phrase(let key, let values):
            return .span(.txt(t(key, values)))
        case .action(let code):
            return .span(.class("action"), .txt(AuditIndex.actionName(code, t)))
        case .object(let type, let id):
            return .span(.class("value"), .txt("\(AuditIndex.objectName(type, t)) #\(id)"))
        }
    }
}
