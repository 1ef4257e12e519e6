import Foundation
import Testing
@testable import Detection

@Suite struct IndicatorMatcherTests {
    // Fictional organisations only.
    static let org = "kara-tuman"
    let matcher = IndicatorMatcher(indicators: [
        Indicator(id: "w1", organizationID: org, text: "Кара Туман", language: "ky", weight: 2, mode: .word),
        Indicator(id: "s1", organizationID: org, text: "туман", language: "ky", weight: 1, mode: .stem),
        Indicator(id: "p1", organizationID: org, text: "Кара Туман Бирлиги", language: "ky", weight: 3, mode: .phrase),
        Indicator(id: "h1", organizationID: org, text: "#КараТуман", weight: 2, mode: .hashtag),
        Indicator(id: "u1", organizationID: org, text: "@kara_tuman_news", weight: 2, mode: .handle),
        Indicator(id: "d1", organizationID: org, text: "https://www.kara-tuman.example/about", weight: 3,
                  mode: .domain),
        Indicator(id: "z1", organizationID: "oq-yol", text: "Oq Yoʻl", language: "uz", weight: 2, mode: .word),
        Indicator(id: "r1", organizationID: "oq-yol", text: "объединённый фронт", language: "ru", mode: .word),
    ])

    func ids(_ text: String) -> [String] { matcher.matches(in: text).map(\.indicatorID) }

    @Test func wholeWordNeedsWordBoundaries() {
        #expect(ids("Бул Кара Туман жөнүндө").contains("w1"))
        #expect(!ids("Бул Кара Туманы жөнүндө").contains("w1"))
        #expect(!ids("Бул Каракара Туман").contains("w1"))
    }

    @Test func stemAllowsAgglutinativeSuffixes() {
        #expect(ids("тумандын мүчөлөрү").contains("s1"))
        #expect(ids("Туманга").contains("s1"))
        #expect(!ids("жетуман").contains("s1"))
    }

    @Test func phraseAllowsASmallGap() {
        #expect(ids("Кара Туман Бирлиги чакырат").contains("p1"))
        #expect(ids("Кара Туман деген Бирлигинин").contains("p1"))
        #expect(!ids("Кара Туман бир эки үч төрт Бирлиги").contains("p1"))
        #expect(!ids("Бирлиги Кара Туман").contains("p1"))
    }

    @Test func hashtagHandleAndDomain() {
        #expect(ids("кошулгула #каратуман").contains("h1"))
        #expect(!ids("каратуман").contains("h1"))
        #expect(ids("жазылгыла @kara_tuman_news").contains("u1"))
        #expect(ids("https://t.me/kara_tuman_news").contains("u1"))
        #expect(!ids("@kara_tuman_news_fan").contains("u1"))
        #expect(ids("сайт: http://news.kara-tuman.example/post/1").contains("d1"))
        #expect(ids("kara-tuman.example.").contains("d1"))
        #expect(!ids("kara-tuman.example.evil.test").contains("d1"))
        #expect(!ids("notkara-tuman.example").contains("d1"))
        #expect(!ids("x-kara-tuman.example").contains("d1"))
    }

    @Test func oneIndicatorMatchesBothScriptsAndDisguises() {
        #expect(ids("Kara Tuman").contains("w1"))
        #expect(ids("К\u{200B}ара Тумaн").contains("w1"))        // zero width + Latin a
        #expect(ids("к а р а  т у м а н").contains("w1"))           // spaced letters
        #expect(ids("Оқ Йўл").contains("z1"))                      // Uzbek Cyrillic for Latin indicator
        #expect(ids("Oq Yo'l").contains("z1"))
        #expect(ids("Oq Yo`l").contains("z1"))
        #expect(ids("объединенный фронт").contains("r1"))          // ё written as е
    }

    @Test func spansPointIntoTheOriginalText() throws {
        let text = "Маалымат: «КАРА ТУМАН» уюму"
        let match = try #require(matcher.matches(in: text).first { $0.indicatorID == "w1" })
        #expect(match.matchedText == "КАРА ТУМАН")
        #expect(match.span.substring(of: text) == "КАРА ТУМАН")
        #expect(match.organizationID == Self.org)
        #expect(match.weight == 2)
    }

    @Test func invalidIndicatorsAreRejectedNotFatal() {
        let matcher = IndicatorMatcher(indicators: [
            Indicator(organizationID: "x", text: "   "),
            Indicator(organizationID: "x", text: "!!!"),
            Indicator(organizationID: "x", text: "ok", weight: 0),
            Indicator(organizationID: "x", text: "nodot", mode: .domain),
            Indicator(organizationID: "x", text: String(repeating: "a", count: 1000)),
            Indicator(organizationID: "x", text: "valid"),
        ])
        #expect(matcher.indicators.count == 1)
        #expect(matcher.rejected.count == 5)
        #expect(matcher.matches(in: "a valid text").count == 1)
        #expect(IndicatorMatcher(indicators: []).matches(in: "any text at all").isEmpty)
    }

    @Test func hostileTextIsBounded() {
        let small = IndicatorMatcher(indicators: [Indicator(organizationID: "x", text: "ab", mode: .stem)],
                                     options: .init(maxMatches: 100))
        let repeated = String(repeating: "ab ", count: 100_000)
        #expect(small.matches(in: repeated).count == 100)
        #expect(small.matches(in: "").isEmpty)
        #expect(small.matches(in: String(repeating: "a", count: 1 << 20)).isEmpty)
    }
}
