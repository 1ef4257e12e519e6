import Evidence
import Fluent
import KaiguulCore
import MediaMatch
import Vapor

/// The triage queue page and its one action form (dismiss, open a case, add to a case).
enum TriageController {
    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .triage)
        let filters = try TriageFilters.parse { req.query[String.self, at: $0] }
        let model = try await TriageIndex.load(request: req, filters: filters, paging: Paging.from(req))
        return req.page(req.t("triage.title"), TriageIndex.view(model, request: req))
    }

    enum Action: String {
        case dismiss
        case openCase = "open_case"
        case addToCase = "add_to_case"
    }

    @Sendable static func act(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .triage)
        let form = try req.input(TriageIndex.ActionForm.self)
        do {
            let selection = try TriageSelection.parse(form: form.findings ?? [])
            switch Action(rawValue: form.action ?? "") {
            case .dismiss:
                let dismissal = try TriageStore.Dismissal.validate(reason: form.reason, note: form.note)
                try await TriageStore.dismiss(selection, dismissal, actor: user.auditActor, app: req.application)
                return req.redirect(to: back(form.back))
            case .openCase:
                let input = try CaseInput.validate(.init(title: form.title, target: form.target,
                                                         organization_id: form.case_organization_id, note: form.note))
                let id = try await CaseStore.open(input, evidence: selection, actor: .init(user), app: req.application)
                return req.redirect(to: "/cases/\(id)")
            case .addToCase:
                let caseID = try await existingCase(form.case_id, on: req.db)
                try await CaseEvidenceStore.add(selection, caseID: caseID, note: form.note ?? "", actor: .init(user),
                                                app: req.application)
                return req.redirect(to: "/cases/\(caseID)#evidence")
            case nil:
                throw AppError.invalid("action", "error.unknown_value")
            }
        } catch let e as FormErrors {
            return try await rerender(req, form: form, errors: e.errors)
        } catch let e as AppError where e.field != nil {
            return try await rerender(req, form: form, errors: [e.field ?? "": e])
        } catch let refused as CaseStore.Refused {
            let error = AppError(status: refused.status, message: RefusalResponse.key(refused.refusal.code),
                                 field: TriageSelection.field)
            return try await rerender(req, form: form, errors: [TriageSelection.field: error])
        }
    }

    /// The case named by the form, or a 422 on `case_id`.
    private static func existingCase(_ raw: String?, on db: any Database) async throws -> Int {
        guard let raw, raw.count <= 18, let id = Int(raw), id > 0, try await CaseRecord.find(id, on: db) != nil else {
            throw AppError.invalid("case_id", (raw ?? "").isEmpty ? "error.required" : "error.unknown_value")
        }
        return id
    }

    /// Where to go after a dismissal: the queue as it was filtered, never another site.
    static func back(_ raw: String?) -> String {
        guard let raw, raw.count <= 2000, raw == "/triage" || raw.hasPrefix("/triage?") else { return "/triage" }
        return raw
    }

    private static func rerender(_ req: Request, form: TriageIndex.ActionForm, errors: [String: AppError])
        async throws -> Response
    {
        let back = URLComponents(string: back(form.back))
        let filters = (try? TriageFilters.parse { name in back?.queryItems?.first { $0.name == name }?.value })
            ?? TriageFilters()
        let page = back?.queryItems?.first { $0.name == "page" }?.value.flatMap(Int.init)
        let model = try await TriageIndex.load(request: req, filters: filters, paging: Paging(page: page), values: form,
                                               errors: errors)
        let status = errors.values.map(\.status).max { $0.code < $1.code } ?? .unprocessableEntity
        return req.page(req.t("triage.title"), status: status, TriageIndex.view(model, request: req))
    }

    /// A banned material's image, re-encoded from its pixels as the item thumbnails are, to show
    /// beside a PDQ match. Only when the bank keeps the image (a `sha256` fingerprint in the blob store).
    @Sendable static func materialThumbnail(req: Request) async throws -> Response {
        try req.authorize(.view, .triage)
        let id = try req.idParameter()
        guard let fingerprint = try await MaterialFingerprint.query(on: req.db).filter(\.$material.$id == id)
            .filter(\.$kind == "sha256").sort(\.$value).first() else { throw AppError.notFound }
        return try ThumbnailResponse.make(sha256: fingerprint.value,
                                          blobs: try BlobStore(root: req.kaiguul.blobDirectory))
    }
}
