import Fluent
import KaiguulCore
import Vapor

/// Partners and the accounts that read for them. Admins manage them (they manage accounts);
/// whoever may see sharing rules may see the partners the rules name.
enum SharingPartnerController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .sharingRule)
        return try await render(req, values: [:], errors: [:])
    }

    struct CreateForm: Content {
        var name: String?
        var kind: String?
        var contact: String?
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .user)
        let form = try req.input(CreateForm.self)
        do {
            _ = try await PartnerStore.create(.init(name: form.name, kind: form.kind, contact: form.contact),
                                              actor: actor.auditActor, app: req.application)
            Flash.set(req, "flash.partner_created", ["name": (form.name ?? "").trimmingCharacters(in: .whitespaces)])
            return req.redirect(to: "/partners")
        } catch let errors as FormErrors {
            return try await render(req, values: ["name": form.name ?? "", "kind": form.kind ?? "",
                                                  "contact": form.contact ?? ""], errors: errors.errors)
        }
    }

    @Sendable static func disable(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .user)
        try await PartnerStore.setDisabled(try req.idParameter(), disabled: true, actor: actor.auditActor,
                                           app: req.application)
        return req.redirect(to: "/partners")
    }

    @Sendable static func enable(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .user)
        try await PartnerStore.setDisabled(try req.idParameter(), disabled: false, actor: actor.auditActor,
                                           app: req.application)
        return req.redirect(to: "/partners")
    }

    struct AttachForm: Content {
        var user_id: String?
    }

    @Sendable static func attach(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .user)
        let partnerID = try req.idParameter()
        let form = try req.input(AttachForm.self)
        do {
            let userID = form.user_id.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            try await PartnerStore.attach(userID: userID, to: partnerID, actor: actor.auditActor, app: req.application)
            return req.redirect(to: "/partners#partner-\(partnerID)")
        } catch let error as AppError where error.field == "user_id" {
            return try await render(req, values: ["attach_partner": String(partnerID)],
                                    errors: ["user_id": error])
        }
    }

    @Sendable static func detach(req: Request) async throws -> Response {
        let (actor, _) = try req.authorize(.update, .user)
        let partnerID = try req.idParameter()
        try await PartnerStore.detach(userID: try req.idParameter("user"), from: partnerID, actor: actor.auditActor,
                                      app: req.application)
        return req.redirect(to: "/partners#partner-\(partnerID)")
    }

    private static func render(_ req: Request, values: [String: String], errors: [String: AppError]) async throws -> Response {
        let model = try await PartnerIndex.load(req, values: values, errors: errors)
        return req.page(req.t("sharing.partners.title"), status: errors.isEmpty ? .ok : .unprocessableEntity,
                        PartnerIndex.view(model, request: req))
    }
}
