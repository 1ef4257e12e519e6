import Fluent
import Foundation

/// A report of suspicious content from a volunteer or a member of the public.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Tip: Model, @unchecked Sendable {
    static let schema = "tips"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// The reported URLs as a JSON array, verbatim.
    @Field(key: "urls") var urls: String
    /// What the sender was given to quote and to look the tip up by (`TipReference`).
    @OptionalField(key: "reference") var reference: String?
    @OptionalField(key: "platform") var platform: String?
    @Field(key: "comment") var comment: String
    /// The sender's contact, sealed with `dataKey` (`Tip.sealContact`); read it with `openContact(_:)`.
    @OptionalField(key: "contact") var contact: String?
    @OptionalField(key: "data_key") var dataKey: String?
    /// When retention erased the sender's words (a dismissed tip) or contact; the row stays for the counts.
    @OptionalField(key: "erased_at") var erasedAt: Date?
    @OptionalField(key: "submitted_by") var submittedBy: Int?
    @Field(key: "status") var status: String
    @OptionalField(key: "source_id") var sourceID: Int?
    @OptionalField(key: "case_id") var caseID: Int?
    /// The banned organisation the sender chose from the guide's list, if any (a suggestion, not a finding).
    @OptionalField(key: "organization_id") var organizationID: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var urlList: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(urls.utf8))) ?? []
    }
}

/// What a volunteer is told about their tip: never the case behind it.
enum TipStatus: String, CaseIterable, Codable, Sendable {
    case received
    case underReview = "under_review"
    case actionTaken = "action_taken"
}
