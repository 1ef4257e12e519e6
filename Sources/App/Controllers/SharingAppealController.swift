import KaiguulCore
import Vapor

/// A legal officer records that a court decision was appealed or became final (`CourtDecisionAppeal`).
enum SharingAppealController {
    struct Form: Content {
        var appeal_state: String?
    }

    @Sendable static func record(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .courtDecision)
        let form = try req.input(Form.self)
        let caseID = try await CourtDecisionAppeal.record(try req.idParameter(), state: form.appeal_state,
                                                          actor: actor.auditActor, app: req.application)
        Flash.set(req, "flash.appeal_recorded")
        return req.redirect(to: caseID.map { "/cases/\($0)#block-orders" } ?? "/")
    }
}
