import Fluent
import Foundation

/// One transition or note in a case's history. Never updated.
final class CaseEvent: Model, @unchecked Sendable {
    static let schema = "case_events"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "case_id") var caseID: Int
    @OptionalField(key: "actor_id") var actorID: Int?
    @Field(key: "at") var at: Date
    @Field(key: "action") var action: String
    @OptionalField(key: "from_state") var fromState: String?
    @OptionalField(key: "to_state") var toState: String?
    @Field(key: "grounds") var grounds: String
    @OptionalField(key: "document_id") var documentID: Int?

    init() {}
}
