import Vapor

/// One distribution: its full link and the ready message to paste into the group's chat.
enum DistributionShow {
    struct Model {
        var row: DistributionLists.Row
        var share: SharePanel
        var canConfirm: Bool
        var csrf: String
    }
}
