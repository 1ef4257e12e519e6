import Foundation
import Testing
@testable import Detection

@Suite struct NormalizerTests {
    let normalizer = TextNormalizer()

    func norm(_ text: String) -> String { normalizer.normalize(text).text }
    func key(_ text: String) -> String { normalizer.matchingKey(text).text }

    @Test func nfkcFoldsCompatibilityForms() {
        #expect(norm("ＫＡＲＡ ﬁne") == "kara fine")             // full-width letters, ligature
        #expect(norm("Й") == norm("И\u{0306}"))                  // decomposed short i composes
        #expect(norm("①") == "1")
        #expect(norm("\u{FEB3}\u{FEE0}\u{FE8E}\u{FEE1}") == "سلام")  // Arabic presentation forms
    }

    @Test func caseFolding() {
        #expect(norm("КАРА Туман") == "кара туман")
        #expect(norm("İstanbul") == "istanbul")
        #expect(norm("ҢӨҮ ӘҒҚҰҺІ") == "ңөү әғқұһі")
    }

    @Test func zeroWidthAndBidiRemoved() {
        #expect(norm("экс\u{200B}трем\u{200D}ист") == "экстремист")
        #expect(norm("\u{202E}кара\u{202C} \u{2066}туман\u{2069}") == "кара туман")
        #expect(norm("ка\u{00AD}ра\u{FEFF}") == "кара")
    }

    @Test func lookAlikesFoldedInsideMixedScriptWords() {
        // Latin a, p and K among Cyrillic letters.
        #expect(norm("Kaрa") == "кара")
        #expect(norm("тумaн") == "туман")
        // Kazakh word with Latin i for і keeps the Kazakh letter.
        #expect(norm("бiрлiгi") == "бірлігі")
        // Cyrillic о inside a Latin word with unambiguous Latin letters (q, z).
        #expect(norm("qоzgʻоlоn") == "qozg'olon")
        // Greek omicron inside a Cyrillic word.
        #expect(norm("туман\u{03BF}в") == "туманов")
        // Words in one script are never touched.
        #expect(norm("Kapa") == "kapa")
        #expect(norm("Сасха") == "сасха")
    }

    @Test func spacedAndDottedLettersJoined() {
        #expect(norm("э к с т р е м") == "экстрем")
        #expect(norm("e.x.t.r.e.m") == "extrem")
        #expect(norm("к-а-р-а туман") == "кара туман")
        #expect(norm("к а р а  т у м а н") == "кара туман")
        #expect(norm("E . X . T") == "ext")
        // Two single-letter words are ordinary text.
        #expect(norm("я и ты") == "я и ты")
        // Spaced letters with a look-alike are folded after joining.
        #expect(norm("к a р a") == "кара")
    }

    @Test func kyrgyzAndKazakhLettersStayDistinct() {
        #expect(norm("өлкө") != norm("олко"))
        #expect(norm("үй") != norm("уй"))
        #expect(norm("қазақ") != norm("казак"))
        #expect(norm("ң") == "ң")
        #expect(key("өлкө") == "ölkö")
        #expect(key("қазақ") == "qazaq")
    }

    @Test func uzbekApostrophesUnified() {
        let variants = ["oʻzbek", "o'zbek", "o`zbek", "o’zbek", "oʼzbek", "o‘zbek"]
        for variant in variants { #expect(norm(variant) == "o'zbek") }
    }

    @Test func transliterationKeyMeetsAcrossScripts() {
        #expect(key("Ўзбекистон") == key("Oʻzbekiston"))
        #expect(key("Ўзбекистон") == "ozbekiston")
        #expect(key("Кыргызстан") == key("Kyrgyzstan"))
        #expect(key("Кыргыз") == key("Kırgız"))
        #expect(key("Жалал-Абад") == key("Zhalal-Abad"))
        #expect(key("шаҳар") == key("shahar"))
        #expect(key("ер") == key("yer"))
        #expect(key("чоң") == "chong")
        #expect(key("ғалаба") == key("g'alaba"))
        #expect(key("Кара Туман Бирлиги") == "kara tuman birligi")
    }

    @Test func spansMapBackToOriginal() throws {
        let original = "Бул ＫＡＲＡ ту\u{200B}ман!"
        let normalized = normalizer.normalize(original)
        #expect(normalized.text == "бул kara туман!")
        let range = try #require(normalized.text.utf8.firstRange(of: "туман".utf8))
        let lower = normalized.text.utf8.distance(from: normalized.text.utf8.startIndex, to: range.lowerBound)
        let span = normalized.originalSpan(ofNormalized: lower..<(lower + "туман".utf8.count))
        #expect(span.substring(of: original) == "ту\u{200B}ман")
        let keyed = TextNormalizer.matchingKey(of: normalized)
        #expect(keyed.text == "bul kara tuman!")
        let keySpan = keyed.originalSpan(ofNormalized: 4..<8)
        #expect(keySpan.substring(of: original) == "ＫＡＲＡ")
    }

    @Test func wordsSplitOnPunctuation() {
        let text = normalizer.normalize("Кара-Туман, o'zbek!  #тег")
        #expect(text.words() == ["кара", "туман", "o'zbek", "тег"])
    }

    @Test func hostileInputIsBounded() {
        #expect(normalizer.normalize("").isEmpty)
        #expect(normalizer.normalize("\u{200B}\u{200B}   ").isEmpty)
        let small = TextNormalizer(options: .init(maxInputBytes: 10))
        let cut = small.normalize("абвгдежзий")
        #expect(cut.truncated)
        #expect(cut.text == "абвгд")
        let invalid = Data([0x61, 0xFF, 0xFE, 0x62])
        #expect(normalizer.normalize(data: invalid).text == "a\u{FFFD}\u{FFFD}b")
    }
}
