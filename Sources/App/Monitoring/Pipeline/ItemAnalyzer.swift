import Detection
import Foundation
import Monitor

/// The analyse step of the pipeline. Language identification, indicators, near-duplicates, PDQ
/// and the classifier each become one `ItemAnalyzer` in `MonitoringServices.analyzers`; the
/// pipeline stores what they find as `signals` rows of the item version they looked at.
protocol ItemAnalyzer: Sendable {
    var name: String { get }
    /// Looks at one new or changed item; never throws (a failed analysis is a finding-less item).
    func analyze(_ item: ExtractedItem, media: [StoredMedia], source: SourceSnapshot) async -> [Finding]
}

/// One analyser's finding on an item (a `signals` row).
struct Finding: Sendable {
    var kind: String
    var score: Double
    var organizationID: Int?
    var materialID: Int?
    var details: String
    /// Only on the text analyser's `triage` finding: the item's priority and language, stored on
    /// the item itself for the triage queue (`TriageVerdict.columns`).
    var triage: TriageVerdict? = nil
    /// Only on a media analyser's bank match: what the triage priority weighs (`TriageVerdict.columns`).
    var media: TriagePriority.MediaEvidence? = nil
}
