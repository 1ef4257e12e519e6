import Fluent
import Foundation

/// A body Kaiguul shares with: a state body, an NGO, an international organisation. Its accounts
/// (role `partner`, `users.partner_id`) read only what sharing rules let reach it.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Partner: Model, @unchecked Sendable {
    static let schema = "partners"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    /// `state_body`, `local_government`, `ngo`, `international`, `platform`.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "contact") var contact: String?
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "disabled_at") var disabledAt: Date?

    init() {}
}
