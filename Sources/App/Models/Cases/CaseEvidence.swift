import Fluent
import Foundation

/// A piece of evidence a case rests on. The evidence itself is never copied: a row points at a
/// capture (its WARC records), an item version, a media file's capture, a tip, an uploaded document
/// or, for what was only typed, a URL with a note. `sha256` is the digest the piece had when it
/// was attached.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class CaseEvidence: Model, @unchecked Sendable {
    static let schema = "case_evidence"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "case_id") var caseID: Int
    /// `CaseEvidenceKind`.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "url") var url: String?
    @Field(key: "note") var note: String
    @OptionalField(key: "document_id") var documentID: Int?
    @OptionalField(key: "capture_id") var captureID: Int?
    @OptionalField(key: "item_id") var itemID: Int?
    @OptionalField(key: "tip_id") var tipID: Int?
    @OptionalField(key: "sha256") var sha256: String?
    @OptionalField(key: "added_by") var addedBy: Int?
    @Field(key: "added_at") var addedAt: Date

    init() {}
}

/// What a `case_evidence` row points at.
enum CaseEvidenceKind: String, CaseIterable, Codable, Sendable {
    /// A page or API response as fetched: `capture_id` (request, response and metadata records).
    case capture
    /// A post, page or video entry read from a capture: `item_id` (one version).
    case item
    /// A media file an item showed, as downloaded: `capture_id` of the media capture.
    case media
    /// A report from a volunteer or the public: `tip_id`.
    case tip
    /// An address typed by an analyst, not (yet) captured: `url`.
    case url
    /// An uploaded file: `document_id`.
    case document
}
