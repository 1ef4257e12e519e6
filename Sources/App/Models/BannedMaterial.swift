import Fluent
import Foundation

/// A material a court has banned: a text, video, image set or hash list, with its decision.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class BannedMaterial: Model, @unchecked Sendable {
    static let schema = "banned_materials"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @OptionalParent(key: "organization_id") var organization: Organization?
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: String
    @Field(key: "court") var court: String
    @Field(key: "decision_number") var decisionNumber: String
    @OptionalField(key: "decision_date") var decisionDate: String?
    @OptionalField(key: "text") var text: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// Set when a court overturned the ban: the material no longer matches and leaves as a tombstone.
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @OptionalField(key: "revoked_reason") var revokedReason: String?

    init() {}
}

/// One fingerprint of a banned material: sha256, md5, pdq or a MinHash signature.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class MaterialFingerprint: Model, @unchecked Sendable {
    static let schema = "material_fingerprints"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "material_id") var material: BannedMaterial
    @Field(key: "kind") var kind: String
    @Field(key: "value") var value: String
    @OptionalField(key: "quality") var quality: Int?
    @OptionalField(key: "label") var label: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
