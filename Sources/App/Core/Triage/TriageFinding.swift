import Detection
import Foundation

/// One row of the triage queue with the reasons it is there, in words and pictures, never raw JSON.
struct TriageFinding: Sendable {
    var kind: TriageQuery.Entry.Kind
    var id: Int
    var level: TriagePriority.Level
    /// 0…100, for items.
    var score: Int?
    var foundAt: Date?
    var dismissal: Dismissal?
    var caseIDs: [Int] = []

    // An item's source and content.
    var sourceID: Int?
    var sourceTitle: String?
    var sourceKind: String?
    var regionID: Int?
    var permalink: String?
    var authorHandle: String?
    var language: String?
    var excerpt: [TriageHighlight.Piece] = []
    var indicators: [IndicatorReason] = []
    var nearDuplicates: [NearDuplicateReason] = []
    var mediaMatches: [MediaMatchReason] = []
    var classifier: ClassifierReason?
    /// Findings in the text of images (OCR), as the analyser worded them.
    var imageText: [String] = []
    /// Possible mirrors of blocked sites (`MirrorEvidenceView`).
    var mirrors: [MirrorEvidence] = []

    // A tip.
    var urls: [String] = []
    var comment: String?
    var meetings: [TriageTipMatch.Meeting] = []

    /// What "open a case" proposes from this row: the account or domain, and the organisation.
    var suggestedTarget: String?
    var suggestedOrganizationID: Int?

    struct Dismissal: Sendable {
        var reason: String
        var note: String
    }

    struct IndicatorReason: Sendable {
        var organizationID: Int?
        var organizationName: String?
        /// The analyser's words for each matched indicator (mode, text, weight), in English.
        var matches: [String]
        /// The same as values, for the interface to say in the reader's language (empty on old signals).
        var matched: [MatchedIndicator] = []
    }

    struct NearDuplicateReason: Sendable {
        var materialID: Int?
        var title: String?
        /// 0…1: the larger of containment and Jaccard similarity.
        var similarity: Double
    }

    struct MediaMatchReason: Sendable {
        var kind: String
        /// Index of the image in the item's media list (for its thumbnail route).
        var mediaIndex: Int?
        var mediaURL: String
        var materialID: Int?
        var label: String
        var distance: Int
        var quality: Int?
        /// The banned material has an image in the blob store to show beside the item's.
        var materialHasImage: Bool
    }

    struct ClassifierReason: Sendable {
        var label: String?
        var probability: Double
        /// Top features with their contribution, as the classifier explains its prediction.
        var features: [String]
    }
}
