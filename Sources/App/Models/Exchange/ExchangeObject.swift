import Fluent
import Foundation

/// One published version of one STIX object, written once (`exchange_objects`). The TAXII server
/// serves these rows; the subject columns say which sharing rules reach it.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class ExchangeObject: Model, @unchecked Sendable {
    static let schema = "exchange_objects"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "stix_id") var stixID: String
    @Field(key: "stix_type") var stixType: String
    /// This version's STIX `modified` timestamp, exactly as in `json`.
    @Field(key: "modified") var modified: String
    @Field(key: "date_added") var dateAdded: Date
    @Field(key: "revoked") var revoked: Bool
    @Field(key: "subject_key") var subjectKey: String
    @OptionalField(key: "organization_id") var organizationID: Int?
    @OptionalField(key: "case_id") var caseID: Int?
    @OptionalField(key: "bank_id") var bankID: Int?
    @Field(key: "content_sha256") var contentSHA256: String
    /// The object without markings: the sharing rule's TLP marking is added when it is served.
    @Field(key: "json") var json: String

    init() {}
}
