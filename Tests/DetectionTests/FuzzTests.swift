import Foundation
import Testing
@testable import Detection

/// Random mixtures of the characters that make normalisation hard (look-alikes, marks, zero-width and
/// bidi controls, apostrophes, spacing, ligatures, presentation forms, emoji, unpaired scalars):
/// nothing may crash, and every span must point into the original text.
@Suite struct FuzzTests {
    static let alphabet: [Unicode.Scalar] = {
        let pieces = "aAbBcCeEhHiIkKoOpPxXyY зЗкКаАрРтТуУңҢөӨүҮәғқұһі ΑΟοραι ' ʻ ʼ ’ ` ´ . - _ * / # @ : "
            + "\u{0301}\u{0306}\u{0308}\u{200B}\u{200C}\u{200D}\u{202E}\u{2066}\u{FEFF}\u{00AD}\u{FB01}\u{FDFA}"
            + "\u{FEB3}\u{FF21}\u{2460}\u{0130}\u{0131}ğşçё😀🔥\u{10FFFD}\n\t  "
        return Array(pieces.unicodeScalars)
    }()

    static func randomText(_ random: inout SplitMixRandom, maxLength: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maxLength, using: &random) {
            if Int.random(in: 0..<10, using: &random) == 0,
               let scalar = Unicode.Scalar(UInt32.random(in: 0x20...0x2FFFF, using: &random)) {
                scalars.append(scalar)
            } else {
                scalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)])
            }
        }
        return String(scalars)
    }

    @Test func randomTextNeverBreaksThePipeline() throws {
        let matcher = IndicatorMatcher(indicators: [
            Indicator(organizationID: "o", text: "кара", mode: .stem),
            Indicator(organizationID: "o", text: "ab cd", mode: .phrase),
            Indicator(organizationID: "o", text: "#ok", mode: .hashtag),
            Indicator(organizationID: "o", text: "@ab_c", mode: .handle),
            Indicator(organizationID: "o", text: "ab.cd", mode: .domain),
            Indicator(organizationID: "o", text: "ё", mode: .word),
        ])
        var index = NearDuplicateIndex(options: .init(chunkWords: 8))
        var random = SplitMixRandom(seed: 2026)
        for number in 0..<20 { index.add(materialID: "m\(number)", text: Self.randomText(&random, maxLength: 60)) }
        let analyzer = TextAnalyzer(languageIdentifier: try LanguageIdentifier.bundled(), indicators: matcher,
                                    nearDuplicates: index)
        let normalizer = TextNormalizer(options: .init(maxInputBytes: 200))
        for _ in 0..<400 {
            let text = Self.randomText(&random, maxLength: 80)
            let length = text.utf8.count
            for normalized in [normalizer.normalize(text), normalizer.matchingKey(text)] {
                #expect(String(decoding: normalized.bytes, as: UTF8.self).utf8.count == normalized.bytes.count)
                #expect(normalized.originalLength <= length)
                let spans = (0..<normalized.bytes.count).map { normalized.originalSpan(ofNormalized: $0..<($0 + 1)) }
                #expect(zip(spans, spans.dropFirst()).allSatisfy { $0.start <= $1.start })
                #expect(spans.allSatisfy { $0.start >= 0 && $0.end <= length })
            }
            let analysis = analyzer.analyze(text)
            for signal in analysis.signals {
                for span in signal.spans { #expect(span.start >= 0 && span.end <= length && span.start <= span.end) }
            }
            for match in matcher.matches(in: text) {
                #expect(match.span.substring(of: text) == Substring(match.matchedText))
            }
            var bytes = Data(text.utf8)
            if !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &random)] = 0xFF }
            _ = analyzer.analyze(data: bytes)
        }
    }
}
