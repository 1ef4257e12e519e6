import Fluent
import Foundation

/// One address range of the networks table: which autonomous system and provider it belongs to.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Network: Model, @unchecked Sendable {
    static let schema = "networks"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "prefix") var prefix: String
    @Field(key: "asn") var asn: Int
    @Field(key: "name") var name: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
