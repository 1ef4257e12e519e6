import Foundation

/// One analyser's finding on an item (a row of `signals`).
public struct Signal: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable, Hashable {
        case indicator
        case nearDuplicate = "near_duplicate"
        case classifier
    }

    public let kind: Kind
    /// 0...1.
    public let score: Double
    public let organizationID: String?
    public let materialID: String?
    /// For `.classifier`: the predicted label.
    public let label: String?
    /// Human-readable reasons, shown to the analyst.
    public let reasons: [String]
    /// Where in the original text (UTF-8 byte offsets), for highlighting.
    public let spans: [TextSpan]
    /// For `.indicator`: each indicator that matched, once — what `reasons` says in English, as values
    /// an interface can put in its own language. Absent in signals stored before it was kept.
    public var matched: [MatchedIndicator]?
}

/// One indicator of a signal: how it matched, the text it matched, and its weight.
public struct MatchedIndicator: Codable, Hashable, Sendable {
    public let mode: IndicatorMode
    public let text: String
    public let weight: Double

    public init(mode: IndicatorMode, text: String, weight: Double) {
        self.mode = mode
        self.text = text
        self.weight = weight
    }
}

/// The analysis of one text: what `kaiguul analyze` prints as JSON.
public struct TextAnalysis: Codable, Hashable, Sendable {
    public struct Input: Codable, Hashable, Sendable {
        /// Size of the text given, in UTF-8 bytes.
        public let bytes: Int
        /// How much of it was analysed (the rest was cut at `TextAnalyzer.Options.maxInputBytes`).
        public let analysedBytes: Int
        public let truncated: Bool
        /// Invalid UTF-8 was replaced by U+FFFD before analysis.
        public let repairedEncoding: Bool
    }

    public let language: LanguageGuess
    public let signals: [Signal]
    public let priority: TriagePriority
    public let input: Input

    /// Pretty JSON with unescaped slashes, as `kaiguul analyze` prints it.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// The analysis pipeline: text → normalise → language → indicators → near-duplicates → classifier →
/// signals and a triage priority. Every stage is optional except normalisation, so App can run with
/// only what has been configured (no indicators imported yet, no classifier trained yet).
public struct TextAnalyzer: Sendable {
    public struct Options: Sendable, Hashable {
        /// Longer text is cut here (the first part is analysed, `input.truncated` says so).
        public var maxInputBytes: Int
        /// At most this many indicator matches are kept per organisation signal.
        public var maxSpansPerSignal: Int
        /// Classifier reasons (top features) per prediction.
        public var explainedFeatures: Int
        /// Near-duplicate candidates reported.
        public var maxNearDuplicates: Int

        public init(maxInputBytes: Int = 4 << 20, maxSpansPerSignal: Int = 50, explainedFeatures: Int = 8,
                    maxNearDuplicates: Int = 5) {
            self.maxInputBytes = max(0, maxInputBytes)
            self.maxSpansPerSignal = max(1, maxSpansPerSignal)
            self.explainedFeatures = max(0, explainedFeatures)
            self.maxNearDuplicates = max(0, maxNearDuplicates)
        }
    }

    public let languageIdentifier: LanguageIdentifier?
    public let indicators: IndicatorMatcher?
    public let nearDuplicates: NearDuplicateIndex?
    public let classifier: TextClassifierModel?
    public let options: Options
    private let normalizer: TextNormalizer

    public init(languageIdentifier: LanguageIdentifier?, indicators: IndicatorMatcher? = nil,
                nearDuplicates: NearDuplicateIndex? = nil, classifier: TextClassifierModel? = nil,
                options: Options = Options()) {
        self.languageIdentifier = languageIdentifier
        self.indicators = indicators
        self.nearDuplicates = nearDuplicates
        self.classifier = classifier
        self.options = options
        self.normalizer = TextNormalizer(options: .init(maxInputBytes: options.maxInputBytes))
    }

    /// Analyses bytes that may not be valid UTF-8.
    public func analyze(data: Data) -> TextAnalysis {
        var end = min(data.count, options.maxInputBytes)
        // Cut at a character boundary so the cut itself is not reported as broken encoding.
        while end > 0, end < data.count, data[data.startIndex + end] & 0xC0 == 0x80 { end -= 1 }
        let limited = data.prefix(end)
        let text = String(decoding: limited, as: UTF8.self)
        let repaired = text.utf8.count != limited.count || !text.utf8.elementsEqual(limited)
        return analyze(text, totalBytes: data.count, repairedEncoding: repaired)
    }

    public func analyze(_ text: String) -> TextAnalysis {
        analyze(text, totalBytes: text.utf8.count, repairedEncoding: false)
    }

    private func analyze(_ text: String, totalBytes: Int, repairedEncoding: Bool) -> TextAnalysis {
        let normalized = normalizer.normalize(text)
        let analysed = normalized.truncated
            ? String(decoding: text.utf8.prefix(normalized.originalLength), as: UTF8.self) : text
        let language = languageIdentifier?.identify(normalized: normalized) ?? .undetermined
        let key = TextNormalizer.matchingKey(of: normalized)
        var signals: [Signal] = []

        let matches = indicators?.matches(inKey: key, original: analysed) ?? []
        let byOrganization = Dictionary(grouping: matches, by: \.organizationID)
        for (organization, found) in byOrganization.sorted(by: { $0.key < $1.key }) {
            var reasons: [String] = []
            var matched: [MatchedIndicator] = []
            var seen = Set<String>()
            for match in found where seen.insert(match.indicatorID).inserted {
                reasons.append("\(match.mode.rawValue) «\(match.matchedText)» (weight \(Self.format(match.weight)))")
                matched.append(MatchedIndicator(mode: match.mode, text: match.matchedText, weight: match.weight))
            }
            signals.append(Signal(
                kind: .indicator, score: TriagePriority.indicatorEvidence(found), organizationID: organization,
                materialID: nil, label: nil, reasons: reasons,
                spans: Array(found.map(\.span).prefix(options.maxSpansPerSignal)), matched: matched))
        }

        let candidates = nearDuplicates?.query(key: key, limit: options.maxNearDuplicates) ?? []
        for candidate in candidates {
            let title = candidate.title.map { " «\($0)»" } ?? ""
            signals.append(Signal(
                kind: .nearDuplicate, score: max(candidate.containment, candidate.jaccard), organizationID: nil,
                materialID: candidate.materialID, label: nil,
                reasons: ["about \(Int((candidate.containment * 100).rounded()))% of this text is in banned material"
                          + "\(title) (window \(candidate.chunk), Jaccard \(Self.format(candidate.jaccard)))"],
                spans: []))
        }

        var prediction: TextClassifierModel.Prediction?
        if let classifier, !normalized.isEmpty {
            let predicted = classifier.predict(analysed)
            prediction = predicted
            let reasons = classifier.explain(analysed, label: predicted.label, top: options.explainedFeatures)
                .map { "\($0.feature) (+\(Self.format($0.contribution)))" }
            signals.append(Signal(
                kind: .classifier, score: predicted.probability, organizationID: nil, materialID: nil,
                label: predicted.label, reasons: reasons, spans: []))
        }

        let priority = TriagePriority(indicators: matches, nearDuplicates: candidates, classification: prediction)
        return TextAnalysis(
            language: language, signals: signals, priority: priority,
            input: .init(bytes: totalBytes, analysedBytes: normalized.originalLength, truncated: normalized.truncated
                         || totalBytes > normalized.originalLength, repairedEncoding: repairedEncoding))
    }

    static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
