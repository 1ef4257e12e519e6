import Foundation
import Vapor

/// What a list was asked for: the search text, the named filters with the values each allows, and the page.
/// A value a filter does not allow is kept as a problem, shown on a page (`FilterErrors.banner`) or refused
/// by the API, never dropped: a dropped filter shows the whole list as if everything had matched.
///
/// A page: `let list = ListQuery.read(req, [.init("status", label: "tip.status", .oneOf(["a", "b"]))])`, query
/// only when `list.isValid` (else no rows), answer `status: list.status`, and put `FilterErrors.banner(list,
/// request:)` under the filter form. The API: `try ListQuery.api(req, sameFilters)`. `TipIndex` is an example.
struct ListQuery: Sendable {
    /// The values a filter accepts. An empty value always means "not filtered": forms send empty fields.
    enum Allowed: Sendable {
        /// One of these values (states, kinds, or record ids the page offers).
        case oneOf([String])
        /// A record id, a whole number from 1.
        case id
        /// Free text of at most this many characters.
        case text(max: Int)
        /// A calendar day, `YYYY-MM-DD` (UTC).
        case day
    }

    struct Filter: Sendable {
        var name: String
        /// Translation key of the filter's label, so the banner names it as the form does.
        var label: String
        var allowed: Allowed

        init(_ name: String, label: String, _ allowed: Allowed) {
            self.name = name
            self.label = label
            self.allowed = allowed
        }
    }

    struct Problem: Sendable, Equatable {
        var filter: String
        var label: String
        /// The value as given, cut to a readable length for the message.
        var value: String
        /// Translation key of the reason: `list.filter.unknown_value` or `list.filter.too_long`.
        var reason: String
        var max: Int?
    }

    static let searchMax = 200
    static let search = Filter("q", label: "filter.search", .text(max: searchMax))

    private(set) var values: [String: String] = [:]
    private(set) var problems: [Problem] = []
    var paging: Paging

    var isValid: Bool { problems.isEmpty }
    /// A page whose filters could not all be read answers 400, with the banner and the form to fix them.
    var status: HTTPResponseStatus { problems.isEmpty ? .ok : .badRequest }
    /// The search text, folded-ready; empty when not searching.
    var q: String { values["q"] ?? "" }

    /// The accepted value of a filter, or "" when it is not set or was refused.
    subscript(_ name: String) -> String { values[name] ?? "" }

    func id(_ name: String) -> Int? { Int(self[name]) }

    /// The first instant of a `.day` filter's day (UTC).
    func dayStart(_ name: String) -> Date? { Self.parseDay(self[name]) }

    /// The first instant after a `.day` filter's day, so `to=2026-12-01` includes all of that day.
    func dayEnd(_ name: String) -> Date? { dayStart(name).map { $0.addingTimeInterval(86_400) } }

    /// Reads a page's list query; problems are kept for the banner.
    static func read(_ req: Request, _ filters: [Filter], search: Bool = true) -> ListQuery {
        read({ req.query[String.self, at: $0] }, filters, search: search, paging: Paging.from(req))
    }

    /// Reads an API list query: the first problem is refused (422 `{error, field}`), as is a page outside
    /// 1… or a page size outside 1…200, as `openapi.yaml` declares.
    static func api(_ req: Request, _ filters: [Filter], search: Bool = true) throws -> ListQuery {
        let paging = try APIQuery.paging(req)
        let query = read({ req.query[String.self, at: $0] }, filters, search: search, paging: paging)
        if let problem = query.problems.first { throw problem.error }
        return query
    }

    /// The reading itself, on any source of parameters (a request, a test's dictionary).
    static func read(_ parameter: (String) -> String?, _ filters: [Filter], search: Bool = true,
                     paging: Paging) -> ListQuery {
        var query = ListQuery(paging: paging)
        for filter in (search ? [Self.search] : []) + filters {
            guard let raw = parameter(filter.name) else { continue }
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty { continue }
            if let problem = filter.problem(with: value) {
                query.problems.append(problem)
            } else {
                query.values[filter.name] = value
            }
        }
        return query
    }

    static func parseDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1970...9999).contains(year)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        // `isValidDate` refuses 2026-02-30 instead of rolling it over into March.
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }
}

extension ListQuery.Filter {
    func problem(with value: String) -> ListQuery.Problem? {
        let shown = value.count > 60 ? String(value.prefix(60)) + "…" : value
        func unknown() -> ListQuery.Problem {
            .init(filter: name, label: label, value: shown, reason: "list.filter.unknown_value")
        }
        switch allowed {
        case .oneOf(let values):
            return values.contains(value) ? nil : unknown()
        case .id:
            guard value.count <= 18, let number = Int(value), number >= 1 else { return unknown() }
            return nil
        case .text(let max):
            guard value.unicodeScalars.count <= max else {
                return .init(filter: name, label: label, value: shown, reason: "list.filter.too_long", max: max)
            }
            return nil
        case .day:
            return ListQuery.parseDay(value) == nil ? unknown() : nil
        }
    }
}

extension ListQuery.Problem {
    /// The values the reason's message fills in; the label is translated by whoever renders it.
    func values(_ t: Translator) -> [String: String] {
        var values = ["filter": t(label), "value": value]
        if let max { values["max"] = String(max) }
        return values
    }

    /// The API's refusal: 422 naming the parameter, with the message the page's banner shows.
    var error: AppError {
        var values = ["filter": filter, "value": value]
        if let max { values["max"] = String(max) }
        return AppError.invalid(filter, reason, values)
    }
}
