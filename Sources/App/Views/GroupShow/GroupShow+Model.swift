import Vapor

enum GroupShow {
    struct Model {
        var group: VolunteerGroup
        var members: [ListedVolunteer]
        /// The member picker: volunteers not in the group, searched by name and filtered by region, one page.
        var candidates: [ListedVolunteer]
        var candidateTotal: Int
        var picker: ListQuery
        var regions: [Region]
        var canEdit: Bool
        /// Contacts, masked, in both tables; the picker's search also finds a whole contact.
        var showContact: Bool
        var findsByContact: Bool
        /// Refusals of the add form (`volunteer_ids`) or of the remove form (`member_ids`).
        var errors: [String: AppError]
        var csrf: String
    }
}
