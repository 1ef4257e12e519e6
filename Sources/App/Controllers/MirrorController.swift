import Vapor

/// A proposed mirror's review page, and accepting it there (the note is the step's grounds).
enum MirrorController {
    static func register(_ app: Application) {
        app.get("triage", "mirrors", ":item", ":case", use: review)
        app.post("triage", "mirrors", ":item", ":case", "accept", use: accept)
    }

    struct Form: Decodable {
        var note: String?
    }

    static func ids(_ req: Request) throws -> (item: Int, case: Int) {
        func id(_ name: String) throws -> Int {
            guard let raw = req.parameters.get(name), raw.count <= 18, let id = Int(raw), id > 0 else {
                throw AppError.notFound
            }
            return id
        }
        return (try id("item"), try id("case"))
    }

    @Sendable static func review(req: Request) async throws -> Response {
        try req.authorize(.view, .triage)
        let (itemID, caseID) = try ids(req)
        let model = try await MirrorReview.load(itemID: itemID, caseID: caseID, request: req)
        return req.page(req.t("mirror.review.title", ["host": model.evidence.signal.candidate_host]),
                        MirrorReview.view(model, request: req))
    }

    @Sendable static func accept(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .triage)
        let (itemID, caseID) = try ids(req)
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
