import Foundation

/// The public page where the sender of a tip looks up its state by reference.
enum TipStatusPage {
    struct Model {
        /// What was typed, echoed back escaped.
        var typed: String
        var state: TipStore.PublicState?
        var error: String?
    }
}
