import Fluent
import Foundation

/// A request for the list of volunteers with their contacts: asked by a coordinator or an admin with a
/// reason, let through by another admin, downloaded once by the person who asked, within a day.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class VolunteerExport: Model, @unchecked Sendable {
    static let schema = "volunteer_exports"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "requested_by") var requestedBy: Int
    @Field(key: "requested_at") var requestedAt: Date
    /// Why the list is needed: staff's words about the programme's work, not about a person.
    @Field(key: "reason") var reason: String
    /// `VolunteerExport.State`.
    @Field(key: "state") var state: String
    @OptionalField(key: "decided_by") var decidedBy: Int?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "downloaded_at") var downloadedAt: Date?
    /// How many volunteers the downloaded file held.
    @OptionalField(key: "rows") var rows: Int?

    init() {}

    enum State: String, CaseIterable, Codable, Sendable {
        case pending, approved, declined, downloaded, expired
    }

    /// Long enough to download after the admin's answer the same working day, short enough that an
    /// approval is not a standing permission.
    static let downloadWindow: TimeInterval = 86_400
    static let maxReason = 500
}
