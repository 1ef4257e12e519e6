import Foundation
import Testing
@testable import Detection

/// Kyrgyz ү, ө and ң are letters of their own, not spellings of Russian у, о and н: in the
/// transliteration key they become ü, ö and "ng" (`Transliteration`), in lower and upper case, so
/// that "үй" (house) and "уй" (cow), "көл" (lake) and "кол" (hand), "таң" (dawn) and "тан" never
/// meet. (Issue 13, point 12: ү was once keyed as u and no test noticed.)
@Suite struct KyrgyzLetterKeyTests {
    let normalizer = TextNormalizer()

    func key(_ text: String) -> String { normalizer.matchingKey(text).text }

    /// (Kyrgyz letter, its capital, the Russian letter it resembles, the Kyrgyz letter's key)
    static let letters: [(String, String, String, String)] = [
        ("ү", "Ү", "у", "ü"), ("ө", "Ө", "о", "ö"), ("ң", "Ң", "н", "ng"),
    ]

    @Test func eachLetterKeepsAKeyOfItsOwn() {
        for (letter, capital, russian, expected) in Self.letters {
            // MUT + validate: alone, as a capital, and inside a word
            #expect(key(letter) == expected, "\(letter)")
            #expect(key(capital) == expected, "\(capital)")
            #expect(key(letter) != key(russian), "\(letter) / \(russian)")
            #expect(key(capital) != key(russian.uppercased()), "\(capital) / \(russian)")
            #expect(key("к\(letter)л") != key("к\(russian)л"), "\(letter) in a word")
            #expect(key("К\(capital)Л") == key("к\(letter)л"), "\(capital) in a word")
        }
    }

    @Test func minimalPairsStayApart() {
        for (kyrgyz, russian) in [("үй", "уй"), ("көл", "кол"), ("таң", "тан"), ("Үй", "Уй"), ("КӨЛ", "КОЛ"),
                                  ("ТАҢ", "ТАН"), ("күн", "кун"), ("өлкө", "олко")] {
            #expect(key(kyrgyz) != key(russian), "\(kyrgyz) / \(russian)")
        }
        #expect(key("Үй Көл Таң") == "üy köl tang")
    }
}
