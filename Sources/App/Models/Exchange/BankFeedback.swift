import Fluent
import Foundation

/// An analyst's verdict on a match: the banked hash was a true or a false positive.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class BankFeedback: Model, @unchecked Sendable {
    static let schema = "bank_feedback"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "bank_id") var bankID: Int
    @Field(key: "kind") var kind: String
    @Field(key: "value") var value: String
    @OptionalField(key: "signal_id") var signalID: Int?
    /// `true_positive` or `false_positive`.
    @Field(key: "verdict") var verdict: String
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
