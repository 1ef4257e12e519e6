import Fluent
import KaiguulCore
import Vapor

enum TipController {
    /// `?organization=<id>` (the guide's "report" link) pre-fills the organisation; `?lang=` keeps the
    /// guide's language.
    @Sendable static func form(req: Request) async throws -> Response {
        if let language = req.query[String.self, at: "lang"].flatMap(Language.init(rawValue:)) { req.language = language }
        var values = TipInput.Raw()
        values.organization = req.query[String.self, at: "organization"].map { String($0.prefix(12)) }
        return render(req, values: values, errors: [:], message: nil,
                      organizations: try await organizationChoices(req))
    }

    /// The guide's organisations in the reader's language: the names and symbols the form offers.
    private static func organizationChoices(_ req: Request) async throws -> [TipOrganizationChoice] {
        TipOrganizationChoice.from(try await GuideEntries.load(on: req.db), language: req.language)
    }

    /// Anyone may send a tip; a signed-in volunteer's tip is theirs to follow.
    @Sendable static func submit(req: Request) async throws -> Response {
        let raw = try req.input(TipInput.Raw.self)
        let organizations = try await organizationChoices(req)
        // Attributed only for roles that file tips (volunteers); anyone else is a member of the
        // public here, rate limit included.
        let signedIn = req.can(.create, .tip) ? req.currentUser : nil
        if signedIn == nil, !(await req.application.tipRateLimiter.allow(req.clientAddress)) {
            return render(req, values: raw, errors: [:], message: req.t("tip.rate_limited"), status: .tooManyRequests,
                          organizations: organizations)
        }
        // A filled honeypot is a robot: thank it and store nothing.
        if let trap = raw.website, !trap.isEmpty {
            return render(req, values: .init(), errors: [:], message: req.t("tip.thanks_public"), organizations: organizations)
        }
        let input: TipInput
        do { input = try TipInput.validate(raw, organizations: Set(organizations.map(\.id))) } catch let e as FormErrors {
            return render(req, values: raw, errors: e.errors, message: nil, status: .unprocessableEntity,
                          organizations: organizations)
        }
        let filed = try await TipStore.file(input, submittedBy: signedIn?.auditActor, app: req.application)
        let message = signedIn == nil ? req.t("tip.thanks_public") : req.t("tip.thanks_volunteer", ["id": String(filed.id)])
        return render(req, values: .init(), errors: [:], message: message, reference: filed.reference,
                      organizations: organizations)
    }

    /// Anyone holding a reference may see that tip's state; lookups are rate limited per address so
    /// references cannot be guessed in bulk (40 random bits make that hopeless anyway).
    @Sendable static func status(req: Request) async throws -> Response {
        let typed = req.query[String.self, at: "reference"] ?? ""
        var model = TipStatusPage.Model(typed: String(typed.prefix(40)), state: nil, error: nil)
        if !typed.isEmpty {
            if !(await req.application.tipLookupLimiter.allow(req.clientAddress)) {
                model.error = req.t("tip.rate_limited")
                return req.page(req.t("tip_status.title"), status: .tooManyRequests, TipStatusPage.view(model, request: req))
            }
            if let reference = TipReference.normalise(typed) {
                model.state = try await TipStore.publicState(reference: reference, on: req.db)
            }
            if model.state == nil { model.error = req.t("tip_status.not_found") }
        }
        return req.page(req.t("tip_status.title"), status: model.error == nil ? .ok : .notFound,
                        TipStatusPage.view(model, request: req))
    }

    @Sendable static func index(req: Request) async throws -> Response {
        let (user, scope) = try req.authorize(.view, .tip)
        let list = ListQuery.read(req, TipIndex.filters)
        let ownOnly = scope == .own
        // A refused filter lists nothing: the banner names it, and the whole list is never passed off as filtered.
        let (rows, total) = list.isValid
            ? try await TipIndex.query(on: req.db, userID: ownOnly ? user.id : nil, list: list) : ([], 0)
        let seen = req.visibility
        let model = TipIndex.Model(tips: rows, total: total, list: list, ownOnly: ownOnly,
                                   seesSources: seen.sees(.source), seesCases: seen.seesAll(.case),
                                   canUpdate: req.can(.update, .tip), csrf: CSRFMiddleware.token(for: req))
        return req.page(ownOnly ? req.t("tip.mine") : req.t("tip.queue"), status: list.status,
                        TipIndex.view(model, request: req))
    }

    struct StatusForm: Content {
        var status: String?
    }

    @Sendable static func setStatus(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .tip)
        var errors: [String: AppError] = [:]
        guard let status = FieldRules.choice(try req.input(StatusForm.self).status, TipStatus.self, field: "status", into: &errors)
        else { throw errors.values.first ?? AppError.invalid("status", "error.unknown_value") }
        try await TipStore.setStatus(try req.idParameter(), status, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/tips")
    }

    private static func render(_ req: Request, values: TipInput.Raw, errors: [String: AppError], message: String?,
                               status: HTTPResponseStatus = .ok, reference: String? = nil,
                               organizations: [TipOrganizationChoice]) -> Response {
        let model = TipForm.Model(values: values, errors: errors, csrf: CSRFMiddleware.token(for: req),
                                  signedIn: req.currentUser != nil, message: message, reference: reference,
                                  organizations: organizations)
        return req.page(req.t("tip.title"), status: status, TipForm.view(model, request: req))
    }
}
