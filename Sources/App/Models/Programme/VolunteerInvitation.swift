import Fluent
import Foundation

/// A one-time code that lets a volunteer-role login claim one volunteer record. The code itself is
/// shown once to the coordinator who made it; only its SHA-256 is stored.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class VolunteerInvitation: Model, @unchecked Sendable {
    static let schema = "volunteer_invitations"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "volunteer_id") var volunteer: Volunteer
    @Field(key: "code_sha256") var codeSHA256: String
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @OptionalField(key: "used_by") var usedBy: Int?

    init() {}

    /// A week is long enough to meet the volunteer at a training, short enough that a lost note goes stale.
    static let lifetime: TimeInterval = 7 * 86_400
}
