import Fluent
import Foundation

/// A hash held in flood quarantine: it matched more items in a day than `KAIGUUL_FLOOD_MATCHES`,
/// so it makes no signals until an analyst releases it.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class HashHold: Model, @unchecked Sendable {
    static let schema = "hash_holds"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: String
    @Field(key: "value") var value: String
    @Field(key: "matches") var matches: Int
    @Field(key: "held_at") var heldAt: Date
    @OptionalField(key: "released_at") var releasedAt: Date?
    @OptionalField(key: "released_by") var releasedBy: Int?

    init() {}
}
