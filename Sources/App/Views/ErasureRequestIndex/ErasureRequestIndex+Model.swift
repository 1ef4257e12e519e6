import Foundation

/// The coordinators' worklist of erasure requests waiting for a decision.
enum ErasureRequestIndex {
    struct Row {
        var opened: ErasureRequestStore.Opened
        var volunteerName: String
    }

    struct Model {
        var rows: [Row]
        var usernames: [Int: String]
        var errors: [String: AppError]
        var csrf: String
    }
}
