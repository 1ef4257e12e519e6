import Vapor

/// Accepting a proposed mirror from the triage queue. The button sits inside the queue's one form
/// (`formaction`), so the request carries that form's CSRF token and its note, read as the grounds.
enum MirrorController {
    static func register(_ app: Application) {
        app.post("triage", "mirrors", ":item", ":case", "accept", use: accept)
    }

    struct Form: Decodable {
        var note: String?
    }

    @Sendable static func accept(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .triage)
        func id(_ name: String) throws -> Int {
            guard let raw = req.parameters.get(name), raw.count <= 18, let id = Int(raw), id > 0 else {
                throw AppError.notFound
            }
            return id
        }
        let itemID = try id("item"), caseID = try id("case")
        let form = try req.input(Form.self)
        do {
            let accepted = try await MirrorAcceptance.accept(itemID: itemID, caseID: caseID, grounds: form.note ?? "",
                                                             actor: .init(user), t: req.t, app: req.application)
            Flash.set(req, accepted.coversMirrors ? "flash.mirror.accepted_covered" : "flash.mirror.accepted",
                      ["case": String(accepted.linkedCaseID)])
            return req.redirect(to: "/cases/\(accepted.linkedCaseID)")
        } catch let refused as CaseStore.Refused {
            throw AppError(status: refused.status, message: RefusalResponse.key(refused.refusal.code))
        }
    }
}
