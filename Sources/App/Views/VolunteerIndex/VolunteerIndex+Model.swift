import Fluent
import Vapor

enum VolunteerIndex {
    struct Model {
        var volunteers: [Volunteer]
        var total: Int
        var query: ListQuery
        var regions: [Region]
        var groups: [VolunteerGroup]
        /// Contacts are personal data: coordinators and admins need them, nobody else does.
        var showContact: Bool
        var canCreate: Bool
    }
}
