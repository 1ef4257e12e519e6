import Detection

/// What the text analysis concluded about an item as a whole: its triage priority (Detection's
/// `TriagePriority`, the one formula) and the language it read. Stored on the item
/// (`items.triage_score`, `items.triage_level`) in the transaction that stores its signals, so the
/// queue orders and filters on two indexed columns instead of reading every signal per request.
struct TriageVerdict: Sendable, Hashable {
    var priority: TriagePriority
    /// ISO code of the language the analyser identified; nil when it could not tell.
    var language: String?

    /// The level as stored: 0 none … 3 high, so `ORDER BY triage_level DESC` puts high first.
    static func rank(_ level: TriagePriority.Level) -> Int {
        switch level {
        case .none: 0
        case .low: 1
        case .medium: 2
        case .high: 3
        }
    }

    static let levels: [TriagePriority.Level] = [.none, .low, .medium, .high]

    static func level(rank: Int) -> TriagePriority.Level {
        levels[max(0, min(levels.count - 1, rank))]
    }

    /// The item's triage columns. An item is in the queue when an analyser found something; the
    /// verdict alone (written for every analysed text) is not a finding. An item with only media
    /// findings has no text verdict and enters at priority 0, level none.
    struct Columns: Sendable, Hashable {
        var score: Int?
        var level: Int?
        var language: String?
    }

    static func columns(for findings: [Finding]) -> Columns {
        let verdict = findings.lazy.compactMap(\.triage).first
        guard findings.contains(where: { $0.triage == nil }) else {
            return Columns(score: nil, level: nil, language: verdict?.language)
        }
        return Columns(score: verdict?.priority.score ?? 0, level: rank(verdict?.priority.level ?? .none),
                       language: verdict?.language)
    }
}
