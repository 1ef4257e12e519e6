import Vapor

enum DistributionIndex {
    struct Model {
        var rows: [DistributionLists.Row]
        var total: Int
        var query: ListQuery
        /// What the filter form offers: the groups and materials the viewer may see.
        var groups: [VolunteerGroup]
        var materials: [CounterMaterial]
        var canDistribute: Bool
        /// A volunteer says "I shared it"; the others see how many did.
        var canConfirm: Bool
        /// The site's address, so links are shown in full.
        var base: String
        var csrf: String
    }
}
