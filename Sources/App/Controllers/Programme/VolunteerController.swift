import Fluent
import KaiguulCore
import Vapor

enum VolunteerController {
    struct Form: Content {
        var name: String?
        var region_id: String?
        var district: String?
        var age_band: String?
        var contact: String?
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .volunteer)
        return try await render(req, values: [:], errors: [:])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .volunteer)
        let f = try req.input(Form.self)
        var errors: [String: AppError] = [:]
        let name = FieldRules.line(f.name, field: "name", max: 200, into: &errors)
        let region = FieldRules.integer(f.region_id, field: "region_id", range: 1...Int(Int32.max), into: &errors)
        let district = FieldRules.line(f.district, field: "district", max: 200, required: false, into: &errors)
        let band = FieldRules.choice(f.age_band, AgeBand.self, field: "age_band", into: &errors)
        let contact = FieldRules.line(f.contact, field: "contact", max: 200, required: false, into: &errors)
        let values = ["name": f.name ?? "", "region_id": f.region_id ?? "", "district": f.district ?? "",
                      "age_band": f.age_band ?? "", "contact": f.contact ?? ""]
        guard errors.isEmpty, let band else { return try await render(req, values: values, errors: errors) }
        do {
            _ = try await ProgrammeStore.createVolunteer(name: name, regionID: region, district: district, ageBand: band,
                                                         contact: contact, userID: nil, actor: user.auditActor,
                                                         app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await render(req, values: values, errors: [e.field!: e])
        }
        return req.redirect(to: "/volunteers")
    }

    private static func render(_ req: Request, values: [String: String], errors: [String: AppError]) async throws -> Response {
        let paging = Paging.from(req)
        let (rows, total) = try await VolunteerIndex.query(on: req.db, paging: paging)
        // Contacts are personal data: coordinators and admins need them, nobody else does.
        let role = req.currentUser?.role
        let model = VolunteerIndex.Model(
            volunteers: rows, total: total, paging: paging, regions: try await Region.query(on: req.db).sort(\.$id).all(),
            showContact: role == .coordinator || role == .admin, canCreate: req.can(.create, .volunteer),
            values: values, errors: errors, csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("volunteer.list.title"), status: errors.isEmpty ? .ok : .unprocessableEntity,
                        VolunteerIndex.view(model, request: req))
    }
}
