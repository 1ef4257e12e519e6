import Fluent
import Foundation

/// A request that a volunteer's data be erased, made by the volunteer or by a coordinator for them,
/// decided by a coordinator or an admin. The reason and the decision's note may speak of the person,
/// so they are sealed with the request's own data key, and blanked with it when the erasure is done.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class ErasureRequest: Model, @unchecked Sendable {
    static let schema = "erasure_requests"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "volunteer_id") var volunteerID: Int
    @OptionalField(key: "requested_by") var requestedBy: Int?
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "data_key") var dataKey: String?
    /// Sealed (`ErasureRequests.open`); empty once the erasure is confirmed.
    @Field(key: "reason") var reason: String
    /// `ErasureRequest.State`.
    @Field(key: "state") var state: String
    @OptionalField(key: "decided_by") var decidedBy: Int?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    /// Sealed like `reason`.
    @Field(key: "note") var note: String

    init() {}

    enum State: String, CaseIterable, Codable, Sendable {
        case pending, confirmed, declined
    }

    static let reasonPlace = "erasure_requests.reason"
    static let notePlace = "erasure_requests.note"
    static let maxText = 500
}
