import Fluent
import Foundation

/// A signed statement of the audit chain's head (`AuditCheckpointRecord`), as kept in the
/// database. The same statement is appended to `data/audit/checkpoints.jsonl`, so deleting these
/// rows does not delete the evidence that the log once reached this seq.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class AuditCheckpoint: Model, @unchecked Sendable {
    static let schema = "audit_checkpoints"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "seq") var seq: Int
    @Field(key: "head_hash") var headHash: String
    @Field(key: "row_count") var rowCount: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "key_fingerprint") var keyFingerprint: String
    /// Base64 of the Ed25519 signature over `AuditCheckpointRecord.statement`.
    @Field(key: "signature") var signature: String
    /// JSON array of `AuditCheckpointTimestamp`, when a time-stamping authority answered.
    @OptionalField(key: "timestamps") var timestamps: String?

    init() {}
}
