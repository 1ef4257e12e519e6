import Vapor

enum MaterialIndex {
    struct Model {
        var materials: [CounterMaterial]
        var total: Int
        var query: ListQuery
        var canCreate: Bool
        var canApprove: Bool
        /// Statuses the viewer can see (and so filter by): everything for those who make materials,
        /// approved only for the rest.
        var statuses: [CounterMaterialStatus]
        var csrf: String
    }
}
