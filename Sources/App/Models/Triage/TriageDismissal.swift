import Fluent
import Foundation

/// An item or a tip taken out of the triage queue, with the reason (`TriageDismissalReason`).
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class TriageDismissal: Model, @unchecked Sendable {
    static let schema = "triage_dismissals"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @OptionalField(key: "item_id") var itemID: Int?
    @OptionalField(key: "tip_id") var tipID: Int?
    @Field(key: "reason") var reason: String
    @Field(key: "note") var note: String
    @OptionalField(key: "dismissed_by") var dismissedBy: Int?
    @Field(key: "dismissed_at") var dismissedAt: Date

    init() {}
}
