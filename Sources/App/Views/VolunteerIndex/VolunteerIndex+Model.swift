import Fluent
import Vapor

enum VolunteerIndex {
    struct Model {
        var volunteers: [ListedVolunteer]
        var total: Int
        var query: ListQuery
        var regions: [Region]
        var groups: [VolunteerGroup]
        /// Contacts are personal data: a list shows them masked (`•••456`), never whole.
        var showContact: Bool
        /// Whether the search box also finds a whole contact (coordinators and admins).
        var findsByContact: Bool
        var canCreate: Bool
    }
}
