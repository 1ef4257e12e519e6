import Vapor

enum GroupShow {
    struct Model {
        var group: VolunteerGroup
        var members: [Volunteer]
        /// The member picker: volunteers not in the group, searched by name and filtered by region, one page.
        var candidates: [Volunteer]
        var candidateTotal: Int
        var picker: ListQuery
        var regions: [Region]
        var canEdit: Bool
        /// Refusals of the add form (`volunteer_ids`) or of the remove form (`member_ids`).
        var errors: [String: AppError]
        var csrf: String
    }
}
