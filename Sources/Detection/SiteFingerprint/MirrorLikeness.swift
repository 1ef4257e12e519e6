/// How much a site looks like a blocked one: which fingerprints agree, how closely, and whether that
/// is enough to put the site before an analyst as a possible mirror.
///
/// Each agreement carries a weight (how likely it alone says "same operator"); they combine as
/// independent evidence, `1 − Π(1 − wᵢ)`. A candidate needs the score to reach `threshold` *and*
/// one identifying agreement — a shared analytics or advertising ID, the original's name in the TLS
/// certificate, or text that is close to identical. What a CMS theme gives every site built on it
/// (its default favicon, the look of its screenshot, boilerplate text) never proposes a mirror alone.
public struct MirrorLikeness: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case tracker, tls, text, favicon, title, logo, screenshot

        /// Says who runs the site, not only what it looks like.
        var identifying: Bool { self == .tracker || self == .tls }
    }

    public struct Agreement: Sendable, Hashable, Codable {
        public var kind: Kind
        /// What both share: the tracker ID, the favicon hash, the title, the TLS name; nil for distances.
        public var value: String?
        /// 0…1: 1 for an exact match, the Jaccard estimate for text, 1 − distance/threshold for PDQ.
        public var closeness: Double
        /// This agreement's share of the score.
        public var weight: Double

        public init(kind: Kind, value: String?, closeness: Double, weight: Double) {
            self.kind = kind
            self.value = value
            self.closeness = closeness
            self.weight = weight
        }
    }

    public var agreements: [Agreement]
    /// 0…1.
    public var score: Double
    public var isCandidate: Bool

    public static let threshold = 0.7

    /// Weights of one exact agreement.
    static let trackerWeight = 0.6, tlsWeight = 0.6, faviconWeight = 0.3, titleWeight = 0.25,
               similarTitleWeight = 0.15, logoWeight = 0.3, screenshotWeight = 0.2, textWeight = 0.7
    /// Text counts from this Jaccard estimate on, and identifies from `identifyingText` on.
    public static let minimumText = 0.3, identifyingText = 0.7
    /// PDQ distances (of 256 bits) up to this count as the same picture.
    public static let pdqDistance = 31

    public static func compare(_ candidate: SiteFingerprint, with original: SiteFingerprint) -> MirrorLikeness {
        var agreements: [Agreement] = []

        let shared = Set(candidate.trackerIDs).intersection(original.trackerIDs).sorted()
        for (index, id) in shared.enumerated() {
            // A second shared ID adds less: accounts of one operator come together.
            agreements.append(Agreement(kind: .tracker, value: id, closeness: 1,
                                        weight: index == 0 ? trackerWeight : trackerWeight / 2))
        }

        let candidateNames = Set(candidate.tlsNames.map { $0.lowercased() })
        let originalNames = Set(original.tlsNames.map { $0.lowercased() })
        // Exact names only: a wildcard (`*.github.io`, a CDN's shared certificate) covers strangers too.
        if let name = [original.host].first(where: { candidateNames.contains($0) })
            ?? [candidate.host].first(where: { originalNames.contains($0) }) {
            agreements.append(Agreement(kind: .tls, value: name, closeness: 1, weight: tlsWeight))
        }

        if let a = candidate.textMinHash, let b = original.textMinHash {
            let jaccard = a.jaccard(b)
            if jaccard >= minimumText {
                agreements.append(Agreement(kind: .text, value: nil, closeness: jaccard, weight: textWeight * jaccard))
            }
        }

        if let a = candidate.faviconHash, a == original.faviconHash {
            agreements.append(Agreement(kind: .favicon, value: String(a), closeness: 1, weight: faviconWeight))
        }

        if let a = candidate.title.map(normalisedTitle), let b = original.title.map(normalisedTitle), !a.isEmpty {
            if a == b {
                agreements.append(Agreement(kind: .title, value: candidate.title, closeness: 1, weight: titleWeight))
            } else {
                let similarity = wordJaccard(a, b)
                if similarity >= 0.6 {
                    agreements.append(Agreement(kind: .title, value: candidate.title, closeness: similarity,
                                                weight: similarTitleWeight))
                }
            }
        }

        for (kind, a, b, weight) in [(Kind.logo, candidate.logoPDQ, original.logoPDQ, logoWeight),
                                     (Kind.screenshot, candidate.screenshotPDQ, original.screenshotPDQ, screenshotWeight)] {
            guard let a, let b, let distance = hammingDistance(a, b), distance <= pdqDistance else { continue }
            let closeness = 1 - Double(distance) / Double(pdqDistance + 1)
            agreements.append(Agreement(kind: kind, value: nil, closeness: closeness, weight: weight * closeness))
        }

        let score = 1 - agreements.reduce(1.0) { $0 * (1 - min(max($1.weight, 0), 1)) }
        let identifying = agreements.contains { $0.kind.identifying || ($0.kind == .text && $0.closeness >= identifyingText) }
        return MirrorLikeness(agreements: agreements, score: score, isCandidate: identifying && score >= threshold)
    }

    static func normalisedTitle(_ title: String) -> String {
        title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: " ")
    }

    static func wordJaccard(_ a: String, _ b: String) -> Double {
        let x = Set(a.split(separator: " ")), y = Set(b.split(separator: " "))
        let union = x.union(y).count
        return union == 0 ? 0 : Double(x.intersection(y).count) / Double(union)
    }

    /// Bits that differ between two PDQ hashes written as 64 hex digits; nil for anything else.
    static func hammingDistance(_ a: String, _ b: String) -> Int? {
        let x = Array(a.lowercased().utf8), y = Array(b.lowercased().utf8)
        guard x.count == 64, y.count == 64 else { return nil }
        func value(_ c: UInt8) -> Int? {
            switch c {
            case 48...57: Int(c - 48)
            case 97...102: Int(c - 87)
            default: nil
            }
        }
        var distance = 0
        for index in 0..<64 {
            guard let p = value(x[index]), let q = value(y[index]) else { return nil }
            distance += (p ^ q).nonzeroBitCount
        }
        return distance
    }
}
