import Foundation
import Testing

@testable import App

@Suite("Reading a list's search, filters and page") struct ListQueryTests {
    static let filters = [
        ListQuery.Filter("state", label: "case.state", .oneOf(["new", "in_review"])),
        ListQuery.Filter("region", label: "source.region", .id),
        ListQuery.Filter("actor", label: "audit.actor", .text(max: 10)),
        ListQuery.Filter("from", label: "list.filter.from", .day),
    ]

    static func read(_ parameters: [String: String]) -> ListQuery {
        ListQuery.read({ parameters[$0] }, filters, paging: Paging(page: 1))
    }

    @Test func allowedValuesAreKeptAndEmptyOnesMeanNoFilter() {
        // MUT
        let query = Self.read(["state": "in_review", "region": "7", "actor": " alice ", "from": "2026-02-28",
                               "q": "  кара туман ", "page": "ignored here"])
        let empty = Self.read(["state": "", "region": " ", "q": ""])
        // validate
        #expect(query.isValid && query.status == .ok)
        #expect(query["state"] == "in_review" && query.id("region") == 7 && query["actor"] == "alice")
        #expect(query.q == "кара туман")
        #expect(query.dayStart("from") == Date(timeIntervalSince1970: 1_772_236_800))
        #expect(query.dayEnd("from") == Date(timeIntervalSince1970: 1_772_236_800 + 86_400))
        #expect(empty.isValid && empty["state"] == "" && empty.id("region") == nil && empty.q == "")
    }

    @Test(arguments: [
        ("state", "in-review", "list.filter.unknown_value"), ("region", "0", "list.filter.unknown_value"),
        ("region", "abc", "list.filter.unknown_value"), ("region", "99999999999999999999", "list.filter.unknown_value"),
        ("actor", "eleven-char", "list.filter.too_long"), ("from", "2026-02-30", "list.filter.unknown_value"),
        ("from", "26-02-01", "list.filter.unknown_value"), ("from", "２０２６-02-01", "list.filter.unknown_value"),
        ("q", String(repeating: "я", count: 201), "list.filter.too_long"),
    ])
    func aValueOutsideTheFilterIsReportedNotDropped(name: String, value: String, reason: String) {
        // MUT
        var parameters = ["state": "new"]
        parameters[name] = value
        let query = Self.read(parameters)
        // validate
        #expect(!query.isValid && query.status == .badRequest)
        let problem = try? #require(query.problems.first { $0.filter == name })
        #expect(problem?.reason == reason)
        #expect(query[name] == "", "a refused value must not filter")
        #expect(problem?.error.field == name)
        #expect(problem?.error.status == .unprocessableEntity)
    }

    @Test func theBannerNamesTheFilterAndTheValueInTheReadersLanguage() {
        // setup
        let query = Self.read(["state": "<b>closed</b>"])
        let problem = try? #require(query.problems.first)
        // MUT
        let ru = Translator(language: .ru)("list.filter.unknown_value", problem?.values(Translator(language: .ru)) ?? [:])
        // validate
        #expect(ru == "У фильтра «\(Translator(language: .ru)("case.state"))» нет значения «<b>closed</b>».")
    }
}
