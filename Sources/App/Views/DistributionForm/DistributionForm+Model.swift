import Vapor

/// The page that records one distribution: an approved material sent to a group on a day.
enum DistributionForm {
    struct Model {
        var materials: [CounterMaterial]
        var groups: [VolunteerGroup]
        var values: [String: String]
        var errors: [String: AppError]
        var csrf: String
    }

    static let fields = ["material_id", "group_id", "distributed_on"]
}
