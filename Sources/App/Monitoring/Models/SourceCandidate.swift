import Fluent
import Foundation

/// A source found in captured content, waiting for an analyst (`candidate_sources`).
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class SourceCandidate: Model, @unchecked Sendable {
    static let schema = "candidate_sources"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: String
    @Field(key: "identity") var identity: String
    @Field(key: "address") var address: String
    @Field(key: "found_at") var foundAt: String
    @OptionalField(key: "discovered_from_id") var discoveredFromID: Int?
    @OptionalField(key: "item_id") var itemID: Int?
    @Field(key: "status") var status: String
    @Field(key: "seen_count") var seenCount: Int
    @Field(key: "first_seen_at") var firstSeenAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "decided_by") var decidedBy: Int?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "source_id") var sourceID: Int?

    init() {}
}

enum CandidateStatus: String, CaseIterable, Sendable {
    case pending, accepted, rejected
}
