import Fluent
import Foundation
import KaiguulCore

/// One decision that something may leave: a subject (organisation, case or bank), a partner and a
/// TLP level. It is that partner's TAXII collection `collectionID`. Revoked, never deleted.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class SharingRule: Model, @unchecked Sendable {
    static let schema = "sharing_rules"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "partner_id") var partnerID: Int
    @Field(key: "subject_kind") var subjectKindRaw: String
    @Field(key: "subject_id") var subjectID: Int
    @Field(key: "tlp") var tlpRaw: String
    /// A UUID, the TAXII collection's id.
    @Field(key: "collection_id") var collectionID: String
    @Field(key: "title") var title: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_by") var revokedBy: Int?

    init() {}

    /// Nil for a value edited by hand in the database: such a rule shares nothing.
    var subjectKind: SharingSubject? { SharingSubject(rawValue: subjectKindRaw) }
    var tlp: TLPLevel? { TLPLevel(rawValue: tlpRaw) }
    var isActive: Bool { revokedAt == nil && subjectKind != nil && tlp != nil }
}
