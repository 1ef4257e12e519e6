/// The analyst's decision on a finding, stored as a label and learnt by the classifier
/// (`kaiguul classifier train --from-decisions` trains on texts labelled with these raw values).
public enum TriageLabel: String, Codable, Sendable, CaseIterable, Hashable {
    /// Propaganda of a banned organisation: spreads, praises or recruits.
    case propaganda
    /// Reporting about it: police press releases, court news, counter-extremism articles.
    case reporting
    /// Neither.
    case unrelated
}

/// How urgently an analyst should look at an item, with the parts it was made of.
///
/// THE FORMULA (the one place it lives; change it here and nowhere else):
///
///     indicator     = 1 − exp(−Σ weight / 3)      over distinct indicators that matched
///     nearDuplicate = max(containment, Jaccard)   of the best banned-material candidate
///     media         = evidence of the strongest image match with the bank of banned media:
///                     exact MD5/SHA-256 match                                   1
///                     PDQ, distance d ≤ threshold t, quality ≥ 70 (good)        0.70 + 0.25·(1 − d/t)
///                     PDQ, distance d ≤ threshold t, quality 50…69 (weaker)     0.40 + 0.25·(1 − d/t)
///                     PDQ beyond the threshold or of quality < 50               0
///     P(propaganda), P(reporting), P(unrelated)   from the classifier, when one is trained
///
///     context        = clamp(1 − 0.8·P(reporting) − 0.5·P(unrelated), 0.1, 1)   (1 without a classifier)
///     indicator'     = indicator · context
///     nearDuplicate' = nearDuplicate · (1 − 0.4·P(reporting))
///     style          = P(propaganda) · (0.8 if indicators, near-duplicates or media were found, else 0.5)
///                      (0 without a classifier)
///     score          = 1 − (1 − indicator')(1 − nearDuplicate')(1 − style)(1 − media)   (noisy OR)
///     priority       = round(100 · score);  high ≥ 70, medium ≥ 40, low ≥ 15, otherwise none
///
/// Why: names and words like "extremist" appear as often in news about an organisation as in its
/// propaganda, so the classifier's "reporting about" probability scales down what indicators
/// contribute. Reproducing a banned text is evidence in itself, so context only softens it.
/// A weight sum of 3 (one strong indicator, or three ordinary ones) gives 63 % indicator evidence.
/// A photo or poster carrying a court-banned material's file or fingerprint is evidence whatever the
/// text says, so media is not softened by context, and a noisy OR never ranks below its strongest
/// part: an exact or good PDQ match alone is high (≥ 70), a weaker one medium (≥ 40), and text adds.
/// Quality 50 is where the matcher stops matching at all (flat images collide); between 50 and 70
/// the image has little detail (dark photos, text on a plain ground), so a match there is weaker.
public struct TriagePriority: Codable, Hashable, Sendable {
    public enum Level: String, Codable, Sendable, Hashable, Comparable {
        case none, low, medium, high

        private var rank: Int {
            switch self {
            case .none: 0
            case .low: 1
            case .medium: 2
            case .high: 3
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    /// The strongest match of an item's images with the bank of banned media, as the matcher reported it.
    public struct MediaEvidence: Codable, Hashable, Sendable {
        /// An MD5 or SHA-256 match: the very file.
        public var exact: Bool
        /// Hamming distance of the PDQ hashes (0 for an exact match).
        public var distance: Int
        /// PDQ quality of the analysed image, 0…100 (nil for an exact match).
        public var quality: Int?
        /// The bank's PDQ match threshold (the largest distance it calls a match).
        public var threshold: Int

        public init(exact: Bool, distance: Int, quality: Int?, threshold: Int) {
            self.exact = exact
            self.distance = distance
            self.quality = quality
            self.threshold = threshold
        }

        public static let goodQuality = 70
        public static let minimumQuality = 50

        /// 0…1, as in the formula above.
        public var strength: Double {
            if exact { return 1 }
            guard let quality, quality >= Self.minimumQuality, threshold > 0, distance >= 0, distance <= threshold
            else { return 0 }
            let closeness = 0.25 * (1 - Double(distance) / Double(threshold))
            return (quality >= Self.goodQuality ? 0.70 : 0.40) + closeness
        }

        /// The strongest of several matches (nil when there are none).
        public static func strongest(_ list: [MediaEvidence]) -> MediaEvidence? {
            list.max { $0.strength < $1.strength }
        }
    }

    public struct Components: Codable, Hashable, Sendable {
        public let indicator: Double
        public let nearDuplicate: Double
        public let propaganda: Double?
        public let reporting: Double?
        public let unrelated: Double?
        public let context: Double
        /// Strength of the strongest media match; nil when no image matched (and in verdicts stored before).
        public var media: Double?
    }

    /// 0...100.
    public let score: Int
    public let level: Level
    public let components: Components

    public static let indicatorScale = 3.0

    /// Indicator evidence from matches: each distinct indicator counts once.
    public static func indicatorEvidence(_ matches: [IndicatorMatch]) -> Double {
        var weights: [String: Double] = [:]
        for match in matches { weights[match.indicatorID] = max(weights[match.indicatorID] ?? 0, match.weight) }
        let total = weights.values.reduce(0, +)
        return total > 0 ? 1 - exp(-total / indicatorScale) : 0
    }

    public static func nearDuplicateEvidence(_ candidates: [NearDuplicateCandidate]) -> Double {
        candidates.map { max($0.containment, $0.jaccard) }.max() ?? 0
    }

    public init(indicators: [IndicatorMatch], nearDuplicates: [NearDuplicateCandidate],
                classification: TextClassifierModel.Prediction?) {
        let indicator = Self.indicatorEvidence(indicators)
        let nearDuplicate = min(1, max(0, Self.nearDuplicateEvidence(nearDuplicates)))
        let propaganda = classification.map { $0.probability(of: TriageLabel.propaganda.rawValue) }
        let reporting = classification.map { $0.probability(of: TriageLabel.reporting.rawValue) }
        let unrelated = classification.map { $0.probability(of: TriageLabel.unrelated.rawValue) }
        self.init(indicator: indicator, nearDuplicate: nearDuplicate, propaganda: propaganda, reporting: reporting,
                  unrelated: unrelated)
    }

    /// The same verdict with an item's media evidence added: the text parts as they were read.
    public func adding(media: MediaEvidence?) -> TriagePriority {
        TriagePriority(indicator: components.indicator, nearDuplicate: components.nearDuplicate,
                       propaganda: components.propaganda, reporting: components.reporting,
                       unrelated: components.unrelated, media: media)
    }

    public init(indicator: Double, nearDuplicate: Double, propaganda: Double?, reporting: Double?, unrelated: Double?,
                media: MediaEvidence? = nil) {
        let mediaStrength = min(1, max(0, media?.strength ?? 0))
        let context = min(1, max(0.1, 1 - 0.8 * (reporting ?? 0) - 0.5 * (unrelated ?? 0)))
        let adjustedIndicator = indicator * context
        let adjustedNearDuplicate = nearDuplicate * (1 - 0.4 * (reporting ?? 0))
        let found = indicator > 0 || nearDuplicate > 0 || mediaStrength > 0
        let style = (propaganda ?? 0) * (found ? 0.8 : 0.5)
        let score = 1 - (1 - adjustedIndicator) * (1 - adjustedNearDuplicate) * (1 - style) * (1 - mediaStrength)
        let priority = Int((100 * min(1, max(0, score))).rounded())
        self.score = priority
        self.level = priority >= 70 ? .high : priority >= 40 ? .medium : priority >= 15 ? .low : .none
        self.components = Components(indicator: indicator, nearDuplicate: nearDuplicate, propaganda: propaganda,
                                     reporting: reporting, unrelated: unrelated, context: context,
                                     media: media == nil ? nil : mediaStrength)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
