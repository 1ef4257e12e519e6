import Fluent
import Foundation

/// Passive DNS: a name seen on an address, by Kaiguul's own resolution or a capture's peer address.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class DNSObservation: Model, @unchecked Sendable {
    static let schema = "dns_observations"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    @Field(key: "address") var address: String
    /// `resolution` or `capture`.
    @Field(key: "origin") var origin: String
    @Field(key: "first_seen") var firstSeen: Date
    @Field(key: "last_seen") var lastSeen: Date
    @Field(key: "seen_count") var seenCount: Int

    init() {}
}
