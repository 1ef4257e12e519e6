import Fluent
import Foundation

/// A word, phrase, handle, hashtag or domain tied to a banned organisation.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class IndicatorRecord: Model, @unchecked Sendable {
    static let schema = "indicators"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @OptionalParent(key: "organization_id") var organization: Organization?
    @Field(key: "value") var value: String
    @Field(key: "language") var language: String
    @Field(key: "mode") var mode: String
    @Field(key: "weight") var weight: Double
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    /// Set when an analyst retires it: still listed, never matched again.
    @OptionalField(key: "retired_at") var retiredAt: Date?
    /// The folded value (`Search.fold`), for search.
    @OptionalField(key: "search_text") var searchText: String?

    init() {}
}
