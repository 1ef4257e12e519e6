import Vapor

enum GroupIndex {
    struct Model {
        var groups: [VolunteerGroup]
        var total: Int
        var members: [Int: Int]
        var query: ListQuery
        var regions: [Region]
        var canCreate: Bool
    }
}
