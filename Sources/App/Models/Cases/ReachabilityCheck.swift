import Fluent
import Foundation

/// One verification of a block order: did the target still resolve, did it still answer.
final class ReachabilityCheck: Model, @unchecked Sendable {
    static let schema = "reachability_checks"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "block_order_id") var blockOrderID: Int
    @Field(key: "checked_at") var checkedAt: Date
    @Field(key: "resolver") var resolver: String
    @Field(key: "dns_result") var dnsResult: String
    @OptionalField(key: "http_status") var httpStatus: Int?
    @Field(key: "reachable") var reachable: Bool
    @Field(key: "details") var details: String

    init() {}
}
