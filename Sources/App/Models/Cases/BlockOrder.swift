import Fluent
import Foundation

/// A block order: one target a court decision covers. Lifting keeps the row (status `lifted`).
final class BlockOrder: Model, @unchecked Sendable {
    static let schema = "block_orders"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "case_id") var caseID: Int
    @Field(key: "court_decision_id") var courtDecisionID: Int
    @Field(key: "target") var target: String
    @Field(key: "target_kind") var targetKind: String
    /// `active` or `lifted`.
    @Field(key: "status") var status: String
    @Field(key: "issued_at") var issuedAt: Date
    @OptionalField(key: "lifted_at") var liftedAt: Date?
    @OptionalField(key: "lifted_by_decision_id") var liftedByDecisionID: Int?
    @OptionalField(key: "created_by") var createdBy: Int?

    init() {}
}
