import Fluent
import Foundation

/// A case: the legal object carrying one site or account from finding to block. `version` grows on
/// every transition, so two people acting at once cannot both move the same case.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class CaseRecord: Model, @unchecked Sendable {
    static let schema = "cases"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "title") var title: String
    /// The canonical target (`BlockTarget.canonical`): a domain, a URL or an account URL.
    @Field(key: "target") var target: String
    /// `domain`, `url` or `account` (`BlockTarget.Kind`).
    @Field(key: "target_kind") var targetKind: String
    @OptionalField(key: "platform") var platform: String?
    @OptionalField(key: "region_id") var regionID: Int?
    @OptionalField(key: "organization_id") var organizationID: Int?
    @Field(key: "state") var state: String
    @OptionalField(key: "assignee_id") var assigneeID: Int?
    @OptionalField(key: "expert_id") var expertID: Int?
    @OptionalField(key: "parent_case_id") var parentCaseID: Int?
    @Field(key: "version") var version: Int
    @OptionalField(key: "created_by") var createdBy: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

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

/// A piece of evidence attached to a case: a URL with a note, an uploaded file, or (later) a capture.
final class CaseEvidence: Model, @unchecked Sendable {
    static let schema = "case_evidence"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "case_id") var caseID: Int
    @Field(key: "kind") var kind: String
    @OptionalField(key: "url") var url: String?
    @Field(key: "note") var note: String
    @OptionalField(key: "document_id") var documentID: Int?
    @OptionalField(key: "capture_id") var captureID: Int?
    @OptionalField(key: "item_id") var itemID: Int?
    @OptionalField(key: "added_by") var addedBy: Int?
    @Field(key: "added_at") var addedAt: Date

    init() {}
}

/// An uploaded file (expert conclusion, court decision, evidence), stored in the blob store by SHA-256.
final class DocumentRecord: Model, @unchecked Sendable {
    static let schema = "documents"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "sha256") var sha256: String
    @Field(key: "size") var size: Int
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    /// `expert_conclusion`, `court_decision` or `evidence`.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "case_id") var caseID: Int?
    @OptionalField(key: "uploaded_by") var uploadedBy: Int?
    @Field(key: "uploaded_at") var uploadedAt: Date

    init() {}
}

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
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var targetList: [String] { targets.split(separator: "\n").map(String.init) }
}

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

/// One verification of a block order: did the target still resolve, did it still answer.
final class ReachabilityCheck: Model, @unchecked Sendable {
    static let schema = "reachability_checks"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "block_order_id") var blockOrderID: Int
    @Field(key: "checked_at") var checkedAt: Date
    @Field(key: "resolver") var resolver: String
    @Field(key: "dns_result") var dnsResult: String
    @OptionalField(key: "http_status") var httpStatus: Int?
    @Field(key: "reachable") var reachable: Bool
    @Field(key: "details") var details: String

    init() {}
}

/// The block list's serial and when it last changed; one row (id 1), bumped in the same transaction
/// as every block order change.
final class BlocklistState: Model, @unchecked Sendable {
    static let schema = "blocklist_state"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "serial") var serial: Int
    @Field(key: "changed_at") var changedAt: Date

    init() {}
}
