import Fluent
import KaiguulCore
import Vapor

enum VolunteerController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .volunteer)
        let regions = try await Region.query(on: req.db).sort(\.$id).all()
        let groups = try await VolunteerLists.allGroups(on: req.db)
        let query = ListQuery.read(req, VolunteerLists.volunteerFilters(regions: regions, groups: groups))
        let viewer = req.volunteerListViewer
        let (rows, total) = query.isValid
            ? try await VolunteerLists.volunteers(query, viewer: viewer, on: req.db) : ([], 0)
        let model = VolunteerIndex.Model(volunteers: rows, total: total, query: query, regions: regions, groups: groups,
                                         showContact: viewer.showsContacts, findsByContact: viewer.findsByContact,
                                         canCreate: req.can(.create, .volunteer))
        return req.page(req.t("volunteer.list.title"), status: query.status, VolunteerIndex.view(model, request: req))
    }

    @Sendable static func new(req: Request) async throws -> Response {
        try req.authorize(.create, .volunteer)
        return try await renderForm(req, id: nil, values: [:], errors: [:])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .volunteer)
        let raw = try req.input(VolunteerInput.Raw.self)
        let (input, errors) = VolunteerInput.parse(raw)
        guard let input else { return try await renderForm(req, id: nil, values: raw.values, errors: errors) }
        let id: Int
        do {
            id = try await ProgrammeStore.createVolunteer(name: input.name, regionID: input.regionID,
                                                          district: input.district, ageBand: input.ageBand,
                                                          contact: input.contact, userID: nil, actor: user.auditActor,
                                                          app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await renderForm(req, id: nil, values: raw.values, errors: [e.field!: e])
        }
        // The confirmation names nobody: it waits in the session row, and the page it lands on shows the name.
        return req.redirect(to: "/volunteers/\(id)", flash: "flash.volunteer.saved_new")
    }

    @Sendable static func show(req: Request) async throws -> Response {
        try req.authorize(.view, .volunteer)
        return try await renderShow(req, id: try req.idParameter(), invitation: nil, errors: [:])
    }

    @Sendable static func edit(req: Request) async throws -> Response {
        try req.authorize(.update, .volunteer)
        let id = try req.idParameter()
        guard let v = try await Volunteer.find(id, on: req.db) else { throw AppError.notFound }
        // The contact is not put in the form: opening it in full is the audited "show" on the
        // volunteer's page. An empty field keeps it (`update`).
        let values = ["name": req.volunteerNames.name(v), "region_id": v.$region.id.map(String.init) ?? "",
                      "district": v.district, "age_band": v.ageBand]
        return try await renderForm(req, id: id, values: values, errors: [:], current: v)
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .volunteer)
        let id = try req.idParameter()
        guard let current = try await Volunteer.find(id, on: req.db) else { throw AppError.notFound }
        let raw = try req.input(VolunteerInput.Raw.self)
        let (input, errors) = VolunteerInput.parse(raw)
        guard let input else {
            return try await renderForm(req, id: id, values: raw.values, errors: errors, current: current)
        }
        let removeContact = (try? req.content.decode(ContactChoice.self))?.remove_contact == "on"
        let contact = input.contact.isEmpty && !removeContact
            ? (req.volunteerNames.contact(current) ?? "") : input.contact
        do {
            try await VolunteerStore.updateVolunteer(id, name: input.name, regionID: input.regionID,
                                                     district: input.district, ageBand: input.ageBand,
                                                     contact: contact, actor: user.auditActor,
                                                     app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await renderForm(req, id: id, values: raw.values, errors: [e.field!: e], current: current)
        }
        return req.redirect(to: "/volunteers/\(id)", flash: "flash.volunteer.saved_changes")
    }

    /// The edit form's box that empties the contact (an empty field alone keeps it).
    struct ContactChoice: Content {
        var remove_contact: String?
    }

    /// The full contact, on the answer to this request only, for whoever may open contacts; the
    /// opening is audited (`volunteer.contact_show`, the record's id, never the value) in the same
    /// transaction that reads it.
    @Sendable static func showContact(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .volunteer)
        guard req.opensContacts else { throw AppError.forbidden }
        let id = try req.idParameter()
        let names = req.volunteerNames
        let contact = try await req.application.write { db -> String? in
            guard let v = try await Volunteer.find(id, on: db) else { throw AppError.notFound }
            guard v.erasedAt == nil else { throw AppError(status: .conflict, message: "volunteer.error.erased") }
            try await AuditLog.append(on: db, actor: user.auditActor, action: "volunteer.contact_show",
                                      objectType: "volunteer", objectID: String(id), details: [:])
            return names.contact(v)
        }
        let response = try await renderShow(req, id: id, invitation: nil, errors: [:], fullContact: contact ?? "")
        // The contact must not stay in a browser's or proxy's cache.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    // MARK: login

    struct LinkForm: Content {
        var user_id: String?
    }

    /// An admin ties the record to a volunteer-role login: accounts are the admin's to hand out.
    @Sendable static func linkLogin(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .user)
        try req.authorize(.update, .volunteer)
        let id = try req.idParameter()
        var errors: [String: AppError] = [:]
        guard let login = FieldRules.integer(try req.input(LinkForm.self).user_id, field: "user_id",
                                             range: 1...Int(Int32.max), into: &errors)
        else { return try await renderShow(req, id: id, invitation: nil, errors: errors) }
        do {
            try await VolunteerStore.linkLogin(volunteerID: id, userID: login, actor: user.auditActor, app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await renderShow(req, id: id, invitation: nil, errors: [e.field!: e])
        }
        return req.redirect(to: "/volunteers/\(id)", flash: "flash.volunteer.linked")
    }

    /// Untying only takes access away, so whoever keeps the records (coordinator, admin) may do it.
    @Sendable static func unlinkLogin(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .volunteer)
        let id = try req.idParameter()
        try await VolunteerStore.unlinkLogin(volunteerID: id, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/volunteers/\(id)", flash: "flash.volunteer.unlinked")
    }

    /// A one-time code for the volunteer to tie their own login; shown on the answer to this request only.
    @Sendable static func invite(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .volunteer)
        let id = try req.idParameter()
        let made = try await VolunteerStore.createInvitation(volunteerID: id, actor: user.auditActor,
                                                            app: req.application)
        let response = try await renderShow(req, id: id, invitation: made, errors: [:])
        // The code must not stay in a browser's or proxy's cache.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    // MARK: the volunteer's side

    struct CodeForm: Content {
        var code: String?
    }

    @Sendable static func linkForm(req: Request) async throws -> Response {
        let user = try volunteerUser(req)
        return try await renderLink(req, user: user, values: [:], errors: [:])
    }

    @Sendable static func acceptInvitation(req: Request) async throws -> Response {
        let user = try volunteerUser(req)
        let typed = String((try req.input(CodeForm.self).code ?? "").prefix(64))
        // Guessing codes is bounded per login, on top of their 2^59 possibilities.
        guard await req.application.invitationLimiter.allow("user:\(user.id)") else {
            return try await renderLink(req, user: user, values: ["code": typed],
                                        errors: ["code": AppError(status: .tooManyRequests,
                                                                  message: "volunteer.invite.error.too_many",
                                                                  field: "code")])
        }
        do {
            _ = try await VolunteerStore.redeem(code: typed, userID: user.id, actor: user.auditActor,
                                                app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await renderLink(req, user: user, values: ["code": typed], errors: [e.field!: e])
        }
        return req.redirect(to: "/", flash: "flash.volunteer.invitation_accepted")
    }

    private static func volunteerUser(_ req: Request) throws -> CurrentUser {
        let user = try req.requireUser()
        guard user.role == .volunteer else { throw AppError.forbidden }
        return user
    }

    // MARK: rendering

    private static func renderForm(_ req: Request, id: Int?, values: [String: String],
                                   errors: [String: AppError], current: Volunteer? = nil) async throws -> Response {
        let model = VolunteerForm.Model(id: id, values: values, errors: errors,
                                        regions: try await Region.query(on: req.db).sort(\.$id).all(),
                                        currentContact: current.flatMap { req.volunteerNames.maskedContact($0) },
                                        csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t(id == nil ? "volunteer.new" : "volunteer.edit"),
                        status: errors.isEmpty ? .ok : errors.values.first?.status ?? .unprocessableEntity,
                        VolunteerForm.view(model, request: req))
    }

    /// `fullContact`: the answer to "show", which alone carries the whole contact.
    private static func renderShow(_ req: Request, id: Int, invitation: (code: String, expiresAt: Date)?,
                                   errors: [String: AppError], fullContact: String? = nil) async throws -> Response {
        guard let v = try await Volunteer.query(on: req.db).filter(\.$id == id).with(\.$region).first() else {
            throw AppError.notFound
        }
        let canLink = req.can(.update, .user) && req.can(.update, .volunteer)
        var loginName: String?
        if canLink, let userID = v.userID { loginName = try await User.find(userID, on: req.db)?.username }
        let names = req.volunteerNames
        let name = names.name(v)
        let contact: VolunteerShow.Contact
        if !req.can(.view, .volunteer) || v.erasedAt != nil {
            contact = .hidden
        } else if let fullContact {
            contact = .full(fullContact)
        } else {
            contact = names.maskedContact(v).map { .masked($0, canShow: req.opensContacts) } ?? .none
        }
        let model = VolunteerShow.Model(
            volunteer: v, name: name, groups: try await VolunteerLists.groups(of: id, on: req.db), loginName: loginName,
            contact: contact, canEdit: req.can(.update, .volunteer) && v.erasedAt == nil, canLinkLogin: canLink,
            logins: canLink && v.userID == nil ? try await VolunteerStore.linkableLogins(on: req.db) : [],
            invitation: invitation, errors: errors, csrf: CSRFMiddleware.token(for: req))
        return req.page(name, status: errors.isEmpty ? .ok : .unprocessableEntity, VolunteerShow.view(model, request: req))
    }

    private static func renderLink(_ req: Request, user: CurrentUser, values: [String: String],
                                   errors: [String: AppError]) async throws -> Response {
        let linked = try await Volunteer.query(on: req.db).filter(\.$userID == user.id).first()
        let model = VolunteerLink.Model(linkedName: linked.map { req.volunteerNames.name($0) }, values: values, errors: errors,
                                        csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("volunteer.invite.enter_title"),
                        status: errors.isEmpty ? .ok : errors.values.first?.status ?? .unprocessableEntity,
                        VolunteerLink.view(model, request: req))
    }
}

struct InvitationLimiterKey: StorageKey {
    typealias Value = RateLimiter
}

extension Application {
    /// Invitation codes tried: at most 10 per login in 10 minutes (set up in `ProgrammeRoutes`).
    var invitationLimiter: RateLimiter {
        storage[InvitationLimiterKey.self] ?? RateLimiter(limit: 0, window: 600)
    }
}
