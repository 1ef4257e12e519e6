import Fluent
import KaiguulCore
import Vapor

enum GroupController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .volunteerGroup)
        let regions = try await Region.query(on: req.db).sort(\.$id).all()
        let query = ListQuery.read(req, VolunteerLists.groupFilters(regions: regions))
        let (rows, total) = query.isValid ? try await VolunteerLists.groups(query, on: req.db) : ([], 0)
        let model = GroupIndex.Model(groups: rows, total: total, members: try await ProgrammeStore.memberCounts(on: req.db),
                                     query: query, regions: regions, canCreate: req.can(.create, .volunteerGroup))
        return req.page(req.t("group.list.title"), status: query.status, GroupIndex.view(model, request: req))
    }

    @Sendable static func new(req: Request) async throws -> Response {
        try req.authorize(.create, .volunteerGroup)
        return try await renderForm(req, id: nil, values: [:], errors: [:])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .volunteerGroup)
        let raw = try req.input(GroupInput.Raw.self)
        let (input, errors) = GroupInput.parse(raw)
        guard let input else { return try await renderForm(req, id: nil, values: raw.values, errors: errors) }
        let id: Int
        do {
            id = try await ProgrammeStore.createGroup(name: input.name, regionID: input.regionID,
                                                      messenger: input.messenger, language: input.language,
                                                      coordinatorID: user.id, actor: user.auditActor,
                                                      app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await renderForm(req, id: nil, values: raw.values, errors: [e.field!: e])
        }
        return req.redirect(to: "/groups/\(id)", flash: "flash.group.created", ["name": input.name])
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        try req.authorize(.update, .volunteerGroup)
        let id = try req.idParameter()
        guard let g = try await VolunteerGroup.find(id, on: req.db) else { throw AppError.notFound }
        let values = ["name": g.name, "region_id": g.$region.id.map(String.init) ?? "", "messenger": g.messenger,
                      "language": g.chatLanguage.rawValue]
        return try await renderForm(req, id: id, values: values, errors: [:])
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .volunteerGroup)
        let id = try req.idParameter()
        guard try await VolunteerGroup.find(id, on: req.db) != nil else { throw AppError.notFound }
        let raw = try req.input(GroupInput.Raw.self)
        let (input, errors) = GroupInput.parse(raw)
        guard let input else { return try await renderForm(req, id: id, values: raw.values, errors: errors) }
        do {
            try await VolunteerStore.updateGroup(id, name: input.name, regionID: input.regionID,
                                                 messenger: input.messenger, language: input.language,
                                                 actor: user.auditActor, app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await renderForm(req, id: id, values: raw.values, errors: [e.field!: e])
        }
        return req.redirect(to: "/groups/\(id)", flash: "flash.group.updated", ["name": input.name])
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try req.authorize(.view, .volunteerGroup)
        return try await renderShow(req, id: try req.idParameter(), errors: [:])
    }

    struct MembersForm: Content {
        var volunteer_ids: [String]?
        var member_ids: [String]?
        /// The picker's search, kept so the page comes back where the person was.
        var q: String?
        var region: String?
        var page: String?
    }

    /// Adds every ticked volunteer at once (one transaction, one audit row).
    @Sendable static func addMembers(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .volunteerGroup)
        let id = try req.idParameter()
        let form = try req.input(MembersForm.self)
        let ids: [Int]
        do {
            ids = try chosen(form.volunteer_ids, field: "volunteer_ids")
            let added = try await VolunteerStore.addMembers(groupID: id, volunteerIDs: ids, actor: user.auditActor,
                                                            app: req.application)
            return req.redirect(to: back(id, form), flash: "flash.group.members_added", ["n": String(added)])
        } catch let e as AppError where e.field != nil {
            return try await renderShow(req, id: id, errors: [e.field!: e])
        }
    }

    @Sendable static func removeMembers(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .volunteerGroup)
        let id = try req.idParameter()
        let form = try req.input(MembersForm.self)
        do {
            let ids = try chosen(form.member_ids, field: "member_ids")
            let removed = try await VolunteerStore.removeMembers(groupID: id, volunteerIDs: ids, actor: user.auditActor,
                                                                 app: req.application)
            return req.redirect(to: "/groups/\(id)", flash: "flash.group.members_removed", ["n": String(removed)])
        } catch let e as AppError where e.field != nil {
            return try await renderShow(req, id: id, errors: [e.field!: e])
        }
    }

    /// Ticked ids: whole numbers from 1, at most `bulkLimit` of them; anything else refuses the form.
    static func chosen(_ raw: [String]?, field: String) throws -> [Int] {
        let values = raw ?? []
        guard values.count <= VolunteerStore.bulkLimit else {
            throw AppError.invalid(field, "group.members.error.too_many", ["max": String(VolunteerStore.bulkLimit)])
        }
        let ids = values.compactMap { $0.count <= 18 ? Int($0) : nil }.filter { $0 >= 1 }
        guard ids.count == values.count else { throw AppError.invalid(field, "error.unknown_value") }
        return ids
    }

    /// The group page with the picker's search as it was; values are re-encoded, never echoed raw.
    private static func back(_ id: Int, _ form: MembersForm) -> String {
        var components = URLComponents()
        components.path = "/groups/\(id)"
        let items = [("q", form.q), ("region", form.region), ("page", form.page)].compactMap { name, value in
            value.flatMap { $0.isEmpty || $0.count > ListQuery.searchMax ? nil : URLQueryItem(name: name, value: $0) }
        }
        components.queryItems = items.isEmpty ? nil : items
        return (components.string ?? "/groups/\(id)") + "#add-members"
    }

    // MARK: rendering

    private static func renderForm(_ req: Request, id: Int?, values: [String: String],
                                   errors: [String: AppError]) async throws -> Response {
        let model = GroupForm.Model(id: id, values: values, errors: errors,
                                    regions: try await Region.query(on: req.db).sort(\.$id).all(),
                                    csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t(id == nil ? "group.new" : "group.edit"),
                        status: errors.isEmpty ? .ok : errors.values.first?.status ?? .unprocessableEntity,
                        GroupForm.view(model, request: req))
    }

    private static func renderShow(_ req: Request, id: Int, errors: [String: AppError]) async throws -> Response {
        guard let group = try await VolunteerGroup.query(on: req.db).filter(\.$id == id).with(\.$region).first() else {
            throw AppError.notFound
        }
        let regions = try await Region.query(on: req.db).sort(\.$id).all()
        let canEdit = req.can(.update, .volunteerGroup)
        let picker = ListQuery.read(req, VolunteerLists.candidateFilters(regions: regions))
        let viewer = req.volunteerListViewer
        var candidates: [ListedVolunteer] = []
        var candidateTotal = 0
        if canEdit, picker.isValid {
            (candidates, candidateTotal) = try await VolunteerLists.volunteers(picker, notInGroup: id, viewer: viewer,
                                                                               on: req.db)
        }
        let model = GroupShow.Model(group: group, members: try await VolunteerLists.members(of: id, viewer: viewer, on: req.db),
                                    candidates: candidates, candidateTotal: candidateTotal, picker: picker,
                                    regions: regions, canEdit: canEdit, showContact: viewer.showsContacts,
                                    findsByContact: viewer.findsByContact, errors: errors,
                                    csrf: CSRFMiddleware.token(for: req))
        let status: HTTPResponseStatus = errors.isEmpty ? picker.status
            : errors.values.first?.status ?? .unprocessableEntity
        return req.page(group.name, status: status, GroupShow.view(model, request: req))
    }
}
