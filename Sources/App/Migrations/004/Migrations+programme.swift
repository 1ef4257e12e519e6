import Fluent

extension Migrations {
    /// Migrations of the programme area, in order.
    static let programme: [any Migration] = []
}
