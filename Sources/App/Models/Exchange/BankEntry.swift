import Fluent
import Foundation

/// One hash in an imported or local bank. A tombstone keeps the row (`status` `deleted`), so the
/// next export can say the entry is gone.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class BankEntry: Model, @unchecked Sendable {
    static let schema = "bank_entries"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "bank_id") var bankID: Int
    @Field(key: "kind") var kind: String
    /// Lowercase hex.
    @Field(key: "value") var value: String
    @OptionalField(key: "label") var label: String?
    @OptionalField(key: "external_id") var externalID: String?
    @OptionalField(key: "file_type") var fileType: String?
    /// `active` or `deleted`.
    @Field(key: "status") var status: String
    /// When the list says the entry was added or last changed.
    @OptionalField(key: "listed_at") var listedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "deleted_at") var deletedAt: Date?

    init() {}
}
