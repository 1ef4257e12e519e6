import Evidence
import Fluent
import KaiguulCore
import Vapor

/// Distributions of counter-materials to groups: the list, the page that records one, one
/// distribution's ready message, "I shared it", and the tracked link `/l/CODE` itself.
enum DistributionController {
    @Sendable static func index(req: Request) async throws -> Response {
        let (user, scope) = try req.authorize(.view, .distribution)
        let groups = try await visibleGroups(req, user: user, scope: scope)
        let materials = try await CounterMaterial.query(on: req.db)
            .filter(\.$status != CounterMaterialStatus.draft.rawValue).sort(\.$title).all()
        let query = ListQuery.read(req, DistributionLists.distributionFilters(groups: groups, materials: materials))
        let confirmer = user.role == .volunteer
        let (rows, total) = query.isValid
            ? try await DistributionLists.distributions(query, groups: scope == .own ? Set(groups.compactMap(\.id)) : nil,
                                                        viewerID: user.id, confirmer: confirmer, on: req.db)
            : ([], 0)
        let model = DistributionIndex.Model(
            rows: rows, total: total, query: query, groups: groups, materials: materials,
            canDistribute: req.can(.create, .distribution), canConfirm: confirmer, base: TrackedLink.base(req),
            csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("distribution.list.title"), status: query.status, DistributionIndex.view(model, request: req))
    }

    /// The groups the viewer may see distributions of, sorted as people count ("Group 2" before "Group 10").
    static func visibleGroups(_ req: Request, user: CurrentUser, scope: Scope) async throws -> [VolunteerGroup] {
        let query = VolunteerGroup.query(on: req.db)
        if scope == .own {
            let mine = try await DistributionLists.memberGroups(userID: user.id, on: req.db)
            if mine.isEmpty { return [] }
            query.filter(\.$id ~~ Array(mine))
        }
        return try await query.all().sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
    }

    @Sendable static func new(req: Request) async throws -> Response {
        try req.authorize(.create, .distribution)
        let today = String(Formats.iso8601(Date()).prefix(10))
        return try await form(req, values: ["distributed_on": today], errors: [:])
    }

    struct Form: Content {
        var material_id: String?
        var group_id: String?
        var distributed_on: String?
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .distribution)
        let f = try req.input(Form.self)
        var errors: [String: AppError] = [:]
        let material = FieldRules.integer(f.material_id, field: "material_id", range: 1...Int(Int32.max), into: &errors)
        let group = FieldRules.integer(f.group_id, field: "group_id", range: 1...Int(Int32.max), into: &errors)
        let date = FieldRules.date(f.distributed_on, field: "distributed_on", required: true, into: &errors)
        let values = ["material_id": f.material_id ?? "", "group_id": f.group_id ?? "",
                      "distributed_on": f.distributed_on ?? ""]
        guard errors.isEmpty, let material, let date else { return try await form(req, values: values, errors: errors) }
        let id: Int
        do {
            id = try await DistributionStore.distribute(materialID: material, groupID: group, channel: nil, on: date,
                                                        actor: user.auditActor, app: req.application).id
        } catch let e as AppError where e.field != nil {
            return try await form(req, values: values, errors: [e.field!: e])
        }
        // Straight to the ready message: the next thing the coordinator does is paste it.
        return req.redirect(to: "/distributions/\(id)", flash: "flash.distribution_recorded")
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let (user, scope) = try req.authorize(.view, .distribution)
        let id = try req.idParameter()
        guard let d = try await Distribution.query(on: req.db).filter(\.$id == id).with(\.$material).with(\.$group).first()
        else { throw AppError.notFound }
        // A volunteer sees only what went to their groups; for them any other does not exist.
        if scope == .own {
            guard let group = d.$group.id, try await DistributionLists.memberGroups(userID: user.id, on: req.db).contains(group)
            else { throw AppError.notFound }
        }
        let row = try await DistributionLists.rows([d], viewerID: user.id, on: req.db)[0]
        let model = DistributionShow.Model(
            row: row, share: SharePanel(d, base: TrackedLink.base(req), fallback: req.t.language),
            canConfirm: user.role == .volunteer, csrf: CSRFMiddleware.token(for: req))
        return req.page(d.material.title, DistributionShow.view(model, request: req))
    }

    struct ConfirmForm: Content {
        var back: String?
    }

    @Sendable static func confirm(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .distribution)
        let id = try req.idParameter()
        // "I shared it" is said by a member of the group it went to, whatever else the role may
        // do with distributions; for anyone else the distribution does not exist here.
        guard let d = try await Distribution.find(id, on: req.db), let group = d.$group.id,
              try await DistributionLists.memberGroups(userID: user.id, on: req.db).contains(group)
        else { throw AppError.notFound }
        try await DistributionStore.confirm(distributionID: id, userID: user.id, actor: user.auditActor, app: req.application)
        let back = (try? req.input(ConfirmForm.self))?.back
        return req.redirect(to: returnAddress(back, id: id), flash: "flash.distribution_shared")
    }

    /// Where "I shared it" returns to: the page it was pressed on, one of three, never elsewhere.
    static func returnAddress(_ back: String?, id: Int) -> String {
        ["/", "/distributions", "/distributions/\(id)"].first { $0 == back } ?? "/distributions"
    }

    /// `/l/CODE`: counts the click for the day and sends the visitor to the material.
    @Sendable static func follow(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        let today = String(Formats.iso8601(Date()).prefix(10))
        guard let d = try await DistributionStore.recordClick(code: code, on: req.db, today: today),
              d.material.status != CounterMaterialStatus.retired.rawValue
        else { throw AppError.notFound }
        // An uploaded material is handed out as the file itself: recipients have no account.
        if d.material.url == nil, let sha = d.material.sha256 {
            let data = try BlobStore(root: req.kaiguul.blobDirectory).read(sha, maxBytes: req.kaiguul.uploadLimitBytes)
            let response = Response(status: .ok, body: .init(data: data))
            response.headers.replaceOrAdd(name: .contentType,
                                          value: MediaSniffer.sniff(data)?.contentType ?? "application/octet-stream")
            response.headers.replaceOrAdd(name: .contentDisposition, value: "inline")
            response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
            return response
        }
        guard let url = d.material.url, TipInput.isAcceptableURL(url) else { throw AppError.notFound }
        let response = req.redirect(to: url, redirectType: .normal)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return response
    }

    private static func form(_ req: Request, values: [String: String], errors: [String: AppError]) async throws -> Response {
        let materials = try await CounterMaterial.query(on: req.db)
            .filter(\.$status == CounterMaterialStatus.approved.rawValue).sort(\.$title).all()
        let groups = try await VolunteerGroup.query(on: req.db).all()
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        let model = DistributionForm.Model(materials: materials, groups: groups, values: values, errors: errors,
                                           csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("distribution.new"), status: errors.isEmpty ? .ok : .unprocessableEntity,
                        DistributionForm.view(model, request: req))
    }
}
