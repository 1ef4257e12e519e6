import Fluent
import Foundation

/// A named bank of hashes with its own switch and PDQ distance (`hash_banks`). The `court` bank's
/// entries are the fingerprints of court-banned materials; others hold `bank_entries`.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class HashBank: Model, @unchecked Sendable {
    static let schema = "hash_banks"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    /// `court`, `imported` or `local`.
    @Field(key: "kind") var kind: String
    @Field(key: "provenance") var provenance: String
    /// `tcap`, `gifct`, `csv` or empty.
    @Field(key: "format") var format: String
    /// One label per line.
    @Field(key: "labels") var labels: String
    @Field(key: "enabled") var enabled: Bool
    /// A bank of known false positives: a match on it suppresses matches on the others.
    @Field(key: "negative") var negative: Bool
    @Field(key: "pdq_distance") var pdqDistance: Int
    /// The list's paging checkpoint after the last import, for the next incremental one.
    @OptionalField(key: "checkpoint") var checkpoint: String?
    @OptionalField(key: "last_imported_at") var lastImportedAt: Date?
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "updated_at") var updatedAt: Date?

    init() {}

    var isCourtBank: Bool { kind == "court" }
}
