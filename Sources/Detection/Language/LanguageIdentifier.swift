import Foundation

/// The language of a text, as reported to analysts and in JSON.
///
/// `code` is the ISO 639-1 language ("uz"), `script` the ISO 15924 script ("Latn"), and `tag` their
/// BCP-47 combination for languages written in more than one script ("uz-Latn", "uz-Cyrl"); for the
/// others `tag == code`. Unknown or too-short text is `code == "und"`, `script == "Zyyy"`, confidence 0.
public struct LanguageGuess: Codable, Hashable, Sendable {
    public let code: String
    public let script: String
    public let tag: String
    public let confidence: Double

    public init(code: String, script: String, tag: String, confidence: Double) {
        self.code = code
        self.script = script
        self.tag = tag
        self.confidence = confidence
    }

    public static let undetermined = LanguageGuess(code: "und", script: "Zyyy", tag: "und", confidence: 0)

    public var isUndetermined: Bool { code == "und" }
}

/// Identifies the language of a text with a `LanguageModel`.
public struct LanguageIdentifier: Sendable {
    public struct Options: Sendable, Hashable {
        /// Fewer letters than this: `und`.
        public var minLetters: Int
        /// Below this share of letters in scripts the model knows: `und`.
        public var minKnownScriptShare: Double
        /// Below this confidence: `und` (0 keeps every guess).
        public var minConfidence: Double

        public init(minLetters: Int = 3, minKnownScriptShare: Double = 0.5, minConfidence: Double = 0) {
            self.minLetters = minLetters
            self.minKnownScriptShare = minKnownScriptShare
            self.minConfidence = minConfidence
        }
    }

    public let model: LanguageModel
    public var options: Options
    let normalizer: TextNormalizer
    private let knownScripts: Set<String>
    private let knownScriptTable: [Bool]

    public init(model: LanguageModel, options: Options = Options(), normalizer: TextNormalizer = TextNormalizer()) {
        self.model = model
        self.options = options
        self.normalizer = normalizer
        let known = Set(model.labels.map(\.script))
        self.knownScripts = known
        // Letters below U+0800 (Latin, Cyrillic, Greek, Arabic) are answered from a table.
        self.knownScriptTable = (0..<0x800).map { value in Self.script(of: UInt32(value)).map(known.contains) ?? false }
    }

    /// An identifier with the model shipped in the bundle.
    public static func bundled(options: Options = Options()) throws -> LanguageIdentifier {
        LanguageIdentifier(model: try LanguageModel.bundled(), options: options)
    }

    public func identify(_ text: String) -> LanguageGuess {
        identify(normalized: normalizer.normalize(text))
    }

    /// Ranked guesses (best first), for callers that want the runner-up.
    public func rank(_ text: String) -> [LanguageGuess] {
        rank(normalized: normalizer.normalize(text))
    }

    public func identify(normalized: NormalizedText) -> LanguageGuess {
        rank(normalized: normalized).first ?? .undetermined
    }

    public func rank(normalized: NormalizedText) -> [LanguageGuess] {
        let (scalars, letterCount) = model.features.letters(of: normalized)
        guard letterCount >= options.minLetters else { return [.undetermined] }
        guard knownScriptShare(scalars, letterCount: letterCount) >= options.minKnownScriptShare else {
            return [.undetermined]
        }
        let probabilities = model.probabilities(model.scores(scalars))
        let ranked = probabilities.enumerated().sorted { $0.element > $1.element }
        guard let best = ranked.first, Double(best.element) >= options.minConfidence else { return [.undetermined] }
        return ranked.map { entry in
            let label = model.labels[entry.offset]
            return LanguageGuess(code: label.code, script: label.script, tag: label.tag,
                                 confidence: Double(entry.element))
        }
    }

    private func knownScriptShare(_ scalars: [UInt32], letterCount: Int) -> Double {
        var known = 0
        for value in scalars where value != 0x20 && value != 0x27 {
            if value < 0x800 {
                if knownScriptTable[Int(value)] { known += 1 }
            } else if let script = Self.script(of: value), knownScripts.contains(script) {
                known += 1
            }
        }
        return Double(known) / Double(max(letterCount, 1))
    }

    /// The ISO 15924 script of a letter, for the scripts Central Asian text is written in.
    static func script(of value: UInt32) -> String? {
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: "Latn"
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: "Cyrl"
        case 0x600...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: "Arab"
        case 0x370...0x3FF: "Grek"
        default: nil
        }
    }
}
