import Fluent
import Foundation

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
