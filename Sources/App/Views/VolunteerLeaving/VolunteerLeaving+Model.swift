import Foundation
import Vapor

/// The volunteer page's part about leaving the programme: the day they left and when retention
/// erases them, or the form that records it.
enum VolunteerLeaving {
    struct Model {
        var volunteerID: Int
        var leftOn: String?
        var erased: Bool
        /// The day retention erases name and contact, for a volunteer who left.
        var erasureDay: String?
        var canEdit: Bool
        var today: String
        var retainDays: Int
        var csrf: String

        init(_ volunteer: Volunteer, csrf: String, request: Request) {
            let settings = request.application.retention
            volunteerID = volunteer.id ?? 0
            leftOn = volunteer.leftOn
            erased = volunteer.erasedAt != nil
            erasureDay = volunteer.leftOn.flatMap { VolunteerDeparture.erasureDay(leftOn: $0, settings: settings) }
            canEdit = request.can(.update, .volunteer)
            today = Retention.day(Date())
            retainDays = settings.leftVolunteerDays
            self.csrf = csrf
        }
    }
}
