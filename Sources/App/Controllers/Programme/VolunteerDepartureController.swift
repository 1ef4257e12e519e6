import KaiguulCore
import Vapor

enum VolunteerDepartureController {
    struct LeaveForm: Content {
        var left_on: String?
    }

    /// A coordinator records that the volunteer left on a day (today or earlier).
    @Sendable static func leave(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .volunteer)
        let id = try req.idParameter()
        let form = try req.input(LeaveForm.self)
        let groups = try await VolunteerDeparture.leave(id, on: form.left_on, today: Retention.day(Date()),
                                                        actor: user.auditActor, app: req.application)
        return req.redirect(to: "/volunteers/\(id)", flash: "flash.volunteer.left", ["groups": String(groups)])
    }

    /// Takes a departure back before retention erased the record.
    @Sendable static func undo(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .volunteer)
        let id = try req.idParameter()
        try await VolunteerDeparture.undo(id, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/volunteers/\(id)", flash: "flash.volunteer.returned")
    }
}
