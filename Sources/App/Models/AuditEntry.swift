import Fluent
import Foundation

/// One row of the append-only audit log. Rows are only ever inserted; `hash` chains each row to
/// the one before it, so an edit or a deletion made behind the application's back shows up in
/// `kaiguul audit verify`.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "seq") var seq: Int
    @Field(key: "at") var at: Date
    @OptionalField(key: "actor_id") var actorID: Int?
    @Field(key: "actor_label") var actorLabel: String
    @Field(key: "action") var action: String
    @Field(key: "object_type") var objectType: String
    @OptionalField(key: "object_id") var objectID: String?
    @Field(key: "details") var details: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String

    init() {}
}

/// The head of the chain: the sequence number and hash of the last row. Keeping it in its own
/// row lets PostgreSQL writers queue on one row lock, and lets verify notice a deleted tail.
// @unchecked Sendable: see AuditEntry.
final class AuditHead: Model, @unchecked Sendable {
    static let schema = "audit_head"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "seq") var seq: Int
    @Field(key: "hash") var hash: String

    init() {}
    init(id: Int, seq: Int, hash: String) {
        self.id = id
        self.seq = seq
        self.hash = hash
    }
}
