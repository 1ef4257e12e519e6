import Fluent
import KaiguulCore
import Vapor

enum GroupController {
    struct Form: Content {
        var name: String?
        var region_id: String?
        var messenger: String?
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .volunteerGroup)
        return try await render(req, values: [:], errors: [:])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .volunteerGroup)
        let f = try req.input(Form.self)
        var errors: [String: AppError] = [:]
        let name = FieldRules.line(f.name, field: "name", max: 200, into: &errors)
        var region: Int?
        if let r = f.region_id, !r.isEmpty { region = FieldRules.integer(r, field: "region_id", range: 1...Int(Int32.max), into: &errors) }
        let messenger = FieldRules.choice(f.messenger, Messenger.self, field: "messenger", into: &errors)
        let values = ["name": f.name ?? "", "region_id": f.region_id ?? "", "messenger": f.messenger ?? ""]
        guard errors.isEmpty, let messenger else { return try await render(req, values: values, errors: errors) }
        let id = try await ProgrammeStore.createGroup(name: name, regionID: region, messenger: messenger, coordinatorID: user.id,
                                                      actor: user.auditActor, app: req.application)
        return req.redirect(to: "/groups/\(id)")
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try req.authorize(.view, .volunteerGroup)
        return try await renderShow(req, id: try req.idParameter(), error: nil)
    }

    struct MemberForm: Content {
        var volunteer_id: String?
    }

    @Sendable static func addMember(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .volunteerGroup)
        let id = try req.idParameter()
        var errors: [String: AppError] = [:]
        guard let volunteer = FieldRules.integer(try req.input(MemberForm.self).volunteer_id, field: "volunteer_id",
                                                 range: 1...Int(Int32.max), into: &errors)
        else { return try await renderShow(req, id: id, error: errors.values.first?.text(req.t)) }
        do {
            try await ProgrammeStore.addMember(groupID: id, volunteerID: volunteer, actor: user.auditActor, app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await renderShow(req, id: id, error: e.text(req.t))
        }
        return req.redirect(to: "/groups/\(id)")
    }

    private static func render(_ req: Request, values: [String: String], errors: [String: AppError]) async throws -> Response {
        let groups = try await VolunteerGroup.query(on: req.db).with(\.$region).sort(\.$name).all()
        let model = GroupIndex.Model(groups: groups, members: try await ProgrammeStore.memberCounts(on: req.db),
                                     regions: try await Region.query(on: req.db).sort(\.$id).all(),
                                     canCreate: req.can(.create, .volunteerGroup), values: values, errors: errors,
                                     csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("group.list.title"), status: errors.isEmpty ? .ok : .unprocessableEntity,
                        GroupIndex.view(model, request: req))
    }

    private static func renderShow(_ req: Request, id: Int, error: String?) async throws -> Response {
        guard let group = try await VolunteerGroup.find(id, on: req.db) else { throw AppError.notFound }
        let members = try await GroupMember.query(on: req.db).filter(\.$group.$id == id).with(\.$volunteer).all().map(\.volunteer)
        let memberIDs = Set(members.compactMap(\.id))
        let candidates = try await Volunteer.query(on: req.db).sort(\.$name).limit(1000).all().filter { !memberIDs.contains($0.id ?? 0) }
        let model = GroupShow.Model(group: group, members: members, candidates: candidates,
                                    canEdit: req.can(.update, .volunteerGroup), error: error, csrf: CSRFMiddleware.token(for: req))
        return req.page(group.name, status: error == nil ? .ok : .unprocessableEntity, GroupShow.view(model, request: req))
    }
}
