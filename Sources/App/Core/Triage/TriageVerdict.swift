import Detection
import Foundation

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
    /// verdict alone (written for every analysed text) is not a finding. The stored priority is the
    /// text verdict with the strongest media match added (`TriagePriority.adding(media:)`, the one
    /// rule), whichever order the analysers ran in; an item without text is judged on its media alone.
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
        let text = verdict?.priority
            ?? TriagePriority(indicator: 0, nearDuplicate: 0, propaganda: nil, reporting: nil, unrelated: nil)
        let priority = text.adding(media: TriagePriority.MediaEvidence.strongest(findings.compactMap(\.media)))
        return Columns(score: priority.score, level: rank(priority.level), language: verdict?.language)
    }

    /// An item's findings with its `triage` finding carrying the combined verdict (text and media),
    /// so the signal the item page reads says what the item's columns say. An item with a bank match
    /// but no text verdict (no text, or none loaded) gets one judged on its media alone.
    static func combined(_ findings: [Finding]) -> [Finding] {
        let media = TriagePriority.MediaEvidence.strongest(findings.compactMap(\.media))
        guard media != nil else { return findings }
        struct Stored: Codable {
            var language: LanguageGuess?
            var priority: TriagePriority
        }
        var list = findings
        if let index = list.firstIndex(where: { $0.triage != nil }), var verdict = list[index].triage {
            verdict.priority = verdict.priority.adding(media: media)
            var stored = (try? JSONDecoder().decode(Stored.self, from: Data(list[index].details.utf8)))
                ?? Stored(language: nil, priority: verdict.priority)
            stored.priority = verdict.priority
            list[index].triage = verdict
            list[index].score = Double(verdict.priority.score) / 100
            list[index].details = TextItemAnalyzer.json(stored)
        } else {
            let priority = TriagePriority(indicator: 0, nearDuplicate: 0, propaganda: nil, reporting: nil,
                                          unrelated: nil, media: media)
            list.append(Finding(kind: "triage", score: Double(priority.score) / 100, organizationID: nil,
                                materialID: nil, details: TextItemAnalyzer.json(Stored(language: nil, priority: priority)),
                                triage: TriageVerdict(priority: priority, language: nil)))
        }
        return list
    }
}
