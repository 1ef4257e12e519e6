import Detection
import Foundation

extension Bench {
    /// Deterministic generator so runs are comparable.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
    }

    static func corpusLines(_ corpora: URL, _ files: [String]) -> [String] {
        files.flatMap { file in
            ((try? String(contentsOf: corpora.appendingPathComponent(file), encoding: .utf8)) ?? "")
                .split(separator: "\n").map(String.init)
        }
    }

    /// A pronounceable made-up word, Cyrillic or Latin, so most indicators do not occur in the text
    /// (as with real indicator lists, whose names and slogans are rare in ordinary posts).
    static func madeUpWord(_ random: inout SplitMix) -> String {
        let cyrillic = ["ка", "ра", "ту", "ман", "бир", "лик", "жол", "өз", "күн", "тоо", "сай", "нур", "кыр", "мек"]
        let latin = ["qo", "zar", "yul", "bek", "tash", "nur", "kel", "sar", "dor", "vil", "mon", "ruz"]
        let syllables = Bool.random(using: &random) ? cyrillic : latin
        return (0..<Int.random(in: 2...4, using: &random)).map { _ in syllables.randomElement(using: &random) ?? "" }
            .joined()
    }

    /// matcher CORPORA [INDICATORS] [MEGABYTES] [SHARE_FROM_TEXT_VOCABULARY]
    static func matcher(_ arguments: [String]) throws {
        guard arguments.count >= 1 else { throw BenchError.usage("matcher CORPORA [INDICATORS] [MB] [SHARE]") }
        let corpora = URL(fileURLWithPath: arguments[0])
        let indicatorCount = arguments.count >= 2 ? Int(arguments[1]) ?? 100_000 : 100_000
        let megabytes = arguments.count >= 3 ? Int(arguments[2]) ?? 16 : 16
        let share = arguments.count >= 4 ? Double(arguments[3]) ?? 0.01 : 0.01
        let lines = corpusLines(corpora, ["kaznerd-sentences/kk_kaznerd-valid.txt", "ud-sentences/ky_ktmu-train.txt",
                                          "ud-sentences/ru_taiga-dev.txt", "ud-sentences/uz_uzudt-train.txt"])
        let normalizer = TextNormalizer()
        var vocabulary = Set<String>()
        for line in lines {
            for word in normalizer.normalize(line).words() where word.count >= 3 { vocabulary.insert(String(word)) }
        }
        let words = vocabulary.sorted()
        var random = SplitMix(state: 42)
        var indicators: [Indicator] = []
        indicators.reserveCapacity(indicatorCount)
        for index in 0..<indicatorCount {
            let fromText = Double.random(in: 0..<1, using: &random) < share
            let word = fromText ? (words.randomElement(using: &random) ?? "x") : madeUpWord(&random)
            let mode: IndicatorMode
            var text = word
            switch index % 20 {
            case 0..<6: mode = .word
            case 6..<12: mode = .stem
            case 12..<16:
                mode = .phrase
                text = "\(word) \(fromText ? (words.randomElement(using: &random) ?? "y") : madeUpWord(&random))"
            case 16..<18:
                mode = .hashtag
                text = "#\(word)\(madeUpWord(&random))"
            case 18:
                mode = .handle
                text = "@\(word)_\(index)"
            default:
                mode = .domain
                text = "\(word)-\(index).example"
            }
            indicators.append(Indicator(organizationID: "org\(index % 500)", text: text, mode: mode))
        }
        var matcher: IndicatorMatcher?
        let compile = seconds { matcher = IndicatorMatcher(indicators: indicators) }
        guard let matcher else { return }
        // Build the text by repeating shuffled corpus lines.
        var text = ""
        text.reserveCapacity(megabytes << 20)
        while text.utf8.count < megabytes << 20 {
            text += (lines.randomElement(using: &random) ?? "") + "\n"
        }
        let big = TextNormalizer(options: .init(maxInputBytes: Int.max))
        var normalized: NormalizedText?
        let normalizeOnly = seconds { normalized = big.normalize(text) }
        guard let normalized else { return }
        var key: NormalizedText?
        let keyOnly = seconds { key = TextNormalizer.matchingKey(of: normalized) }
        guard let key else { return }
        let normalizeTime = normalizeOnly + keyOnly
        print(String(format: "normalise %.1f MB/s, key %.1f MB/s", Double(text.utf8.count) / 1_048_576 / normalizeOnly,
                     Double(normalized.bytes.count) / 1_048_576 / keyOnly))
        var found = 0
        let unlimited = IndicatorMatcher(indicators: indicators, options: .init(maxMatches: Int.max))
        _ = unlimited.matches(inKey: key, original: text)  // warm-up
        let matchTime = seconds { found = unlimited.matches(inKey: key, original: text).count }
        var hits = 0
        let scanTime = seconds { hits = unlimited.countHits(inKey: key) }
        let mb = Double(key.bytes.count) / 1_048_576
        print(String(format: "single pass only: %.3f s = %.1f MB/s, %d raw hits", scanTime, mb / scanTime, hits))
        print(String(format: "%d indicators (%d accepted) compiled in %.2f s", indicatorCount,
                     matcher.indicators.count, compile))
        print(String(format: "text %.1f MB original, key %.1f MB", Double(text.utf8.count) / 1_048_576, mb))
        print(String(format: "normalise+key: %.2f s = %.1f MB/s", normalizeTime,
                     Double(text.utf8.count) / 1_048_576 / normalizeTime))
        print(String(format: "match over key: %.3f s = %.1f MB/s, %d matches", matchTime, mb / matchTime, found))
    }
}
