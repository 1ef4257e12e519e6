import Fluent

extension Migrations {
    /// Migrations of the cases area, in order.
    static let cases: [any Migration] = []
}
