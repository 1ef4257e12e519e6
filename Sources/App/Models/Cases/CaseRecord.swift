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
    /// Title and target folded for the list's search (`CaseSearchText`).
    @OptionalField(key: "search_text") var searchText: String?
    /// `site` or `account` by the figures' rule (`SiteOrAccount`), for the list's filter.
    @OptionalField(key: "counted_as") var countedAs: String?
    @OptionalField(key: "created_by") var createdBy: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}
