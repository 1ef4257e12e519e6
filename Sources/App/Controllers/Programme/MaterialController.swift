import Evidence
import Fluent
import KaiguulCore
import Vapor

/// Counter-materials: the list (paged, searched, filtered), the pages that add one by link or by
/// file, and approval. Distributions and tracked links are `DistributionController`'s.
enum MaterialController {
    struct Form: Content {
        var title: String?
        var kind: String?
        var languages: String?
        var topics: String?
        var url: String?
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .counterMaterial)
        let makes = req.can(.create, .counterMaterial)
        let query = ListQuery.read(req, DistributionLists.materialFilters)
        let (rows, total) = query.isValid
            ? try await DistributionLists.materials(query, approvedOnly: !makes, on: req.db) : ([], 0)
        let model = MaterialIndex.Model(
            materials: rows, total: total, query: query, canCreate: makes, canApprove: req.can(.approve, .counterMaterial),
            statuses: makes ? CounterMaterialStatus.allCases : [.approved], csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("material.list.title"), status: query.status, MaterialIndex.view(model, request: req))
    }

    @Sendable static func new(req: Request) async throws -> Response {
        try req.authorize(.create, .counterMaterial)
        return form(req, .link, values: [:], errors: [:])
    }

    @Sendable static func newUpload(req: Request) async throws -> Response {
        try req.authorize(.create, .counterMaterial)
        return form(req, .file, values: [:], errors: [:])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .counterMaterial)
        let f = try req.input(Form.self)
        var errors: [String: AppError] = [:]
        let title = FieldRules.line(f.title, field: "title", max: 300, into: &errors)
        let kind = FieldRules.choice(f.kind, CounterMaterialKind.self, field: "kind", into: &errors)
        let langs = languages(f.languages, into: &errors)
        let topics = FieldRules.line(f.topics, field: "topics", max: 500, required: false, into: &errors)
        let url = FieldRules.line(f.url, field: "url", max: 2000, into: &errors)
        if errors["url"] == nil, !TipInput.isAcceptableURL(url) {
            errors["url"] = .invalid("url", "tip.bad_url", ["url": String(url.prefix(100))])
        }
        let values = ["title": f.title ?? "", "kind": f.kind ?? "", "languages": f.languages ?? "", "topics": f.topics ?? "",
                      "url": f.url ?? ""]
        guard errors.isEmpty, let kind else { return form(req, .link, values: values, errors: errors) }
        let id = try await DistributionStore.createMaterial(title: title, kind: kind, languages: langs, topics: topics, url: url,
                                                           actor: user.auditActor, app: req.application)
        return req.redirect(to: "/materials", flash: "flash.material_created", ["id": String(id)])
    }

    /// The languages of a material, comma-separated codes from a fixed list; the same for a link
    /// and for an uploaded file.
    static func languages(_ text: String?, into errors: inout [String: AppError]) -> [String] {
        let codes = FieldRules.line(text, field: "languages", max: 50, required: false, into: &errors)
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        if let unknown = codes.first(where: { !DistributionLists.languageCodes.contains($0) }) {
            errors["languages"] = .invalid("languages", "material.unknown_language",
                                           ["code": String(unknown.prefix(20)),
                                            "codes": DistributionLists.languageCodes.joined(separator: ", ")])
        }
        return codes
    }

    /// A counter-material uploaded as a file, stored once by its SHA-256 in the blob store.
    @Sendable static func upload(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .counterMaterial)
        let upload = try req.receivedUpload()
        let fields = (title: upload.fields["title"], languages: upload.fields["languages"], topics: upload.fields["topics"])
        var errors: [String: AppError] = [:]
        let title = FieldRules.line(fields.title, field: "title", max: 300, into: &errors)
        let langs = languages(fields.languages, into: &errors)
        let topics = FieldRules.line(fields.topics, field: "topics", max: 500, required: false, into: &errors)
        var sniffed: MediaSniffer.Kind?
        var data = Data()
        if let file = upload.file, file.field == "file", file.size > 0 {
            data = try file.data()
            sniffed = MediaSniffer.sniff(data)
            if sniffed == nil { errors["file"] = .invalid("file", "material.bad_file") }
        } else {
            errors["file"] = .invalid("file", "error.required")
        }
        let values = ["title": fields.title ?? "", "languages": fields.languages ?? "", "topics": fields.topics ?? ""]
        guard errors.isEmpty, let sniffed else { return form(req, .file, values: values, errors: errors) }
        let stored = try BlobStore(root: req.kaiguul.blobDirectory).put(data)
        let id = try await DistributionStore.createMaterial(title: title, kind: sniffed.material, languages: langs,
                                                           topics: topics, url: nil, sha256: stored.sha256,
                                                           actor: user.auditActor, app: req.application)
        return req.redirect(to: "/materials", flash: "flash.material_created", ["id": String(id)])
    }

    struct StatusForm: Content {
        var status: String?
        var back: String?
    }

    @Sendable static func setStatus(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.approve, .counterMaterial)
        let f = try req.input(StatusForm.self)
        var errors: [String: AppError] = [:]
        guard let status = FieldRules.choice(f.status, CounterMaterialStatus.self, field: "status", into: &errors)
        else { throw AppError.invalid("status", "error.unknown_value") }
        try await DistributionStore.setStatus(try req.idParameter(), status, actor: user.auditActor, app: req.application)
        return req.redirect(to: listAddress(f.back), flash: "flash.material_status",
                            ["status": req.t("material_status.\(status.rawValue)")])
    }

    /// Back to the list page the person acted on (its filters and page kept); only ever a page of
    /// the materials list, so the form cannot be made to send anyone elsewhere.
    static func listAddress(_ back: String?) -> String {
        guard let back, back.count <= 2000, back == "/materials" || back.hasPrefix("/materials?"),
              !back.contains("//"), !back.contains("\\"), back.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 })
        else { return "/materials" }
        return back
    }

    private static func form(_ req: Request, _ kind: MaterialForm.Kind, values: [String: String],
                             errors: [String: AppError]) -> Response {
        let model = MaterialForm.Model(kind: kind, values: values, errors: errors, csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t(kind == .link ? "material.new" : "material.upload"),
                        status: errors.isEmpty ? .ok : .unprocessableEntity, MaterialForm.view(model, request: req))
    }
}
