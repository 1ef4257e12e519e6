import Fluent
import Foundation

/// A measurement probe in a provider's or volunteer's network (`kaiguul probe`). Authenticated by its
/// own token, of which only the SHA-256 is kept.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Probe: Model, @unchecked Sendable {
    static let schema = "probes"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    /// `provider` or `volunteer`.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "asn") var asn: Int?
    @OptionalField(key: "network_name") var networkName: String?
    @Field(key: "token_sha256") var tokenSHA256: String
    @Field(key: "token_prefix") var tokenPrefix: String
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_seen_at") var lastSeenAt: Date?
    @OptionalField(key: "disabled_at") var disabledAt: Date?

    init() {}
}
