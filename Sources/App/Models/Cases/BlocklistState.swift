import Fluent
import Foundation

/// The block list's serial and when it last changed; one row (id 1), bumped in the same transaction
/// as every block order change.
final class BlocklistState: Model, @unchecked Sendable {
    static let schema = "blocklist_state"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "serial") var serial: Int
    @Field(key: "changed_at") var changedAt: Date

    init() {}
}
