import Fluent
import Foundation

/// A court's decision on a case. `targets` holds the canonical targets it covers, one per line.
final class CourtDecision: Model, @unchecked Sendable {
    static let schema = "court_decisions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @OptionalField(key: "case_id") var caseID: Int?
    @Field(key: "court") var court: String
    @Field(key: "number") var number: String
    /// A calendar date, `YYYY-MM-DD`.
    @Field(key: "decided_on") var decidedOn: String
    /// `ordered`, `rejected` or `reversed`.
    @Field(key: "outcome") var outcome: String
    @Field(key: "targets") var targets: String
    @Field(key: "document_id") var documentID: Int
    @OptionalField(key: "reverses_id") var reversesID: Int?
    @OptionalField(key: "recorded_by") var recordedBy: Int?
    /// `AppealState` raw value; `overturned` follows from a recorded reversing decision.
    @Field(key: "appeal_state") var appealState: String
    /// The wording reaches mirrors and copies of what it names; a mirror's case says so.
    @Field(key: "covers_mirrors") var coversMirrors: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var targetList: [String] { targets.split(separator: "\n").map(String.init) }
}
