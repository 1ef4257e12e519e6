import Evidence
import Fluent
import KaiguulCore
import SQLKit
import Vapor

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
        return try await render(req, values: [:], errors: [:])
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
        if errors["url"] == nil, !TipInput.isAcceptableURL(url) { errors["url"] = .invalid("url", "tip.bad_url", ["url": String(url.prefix(100))]) }
        let values = ["title": f.title ?? "", "kind": f.kind ?? "", "languages": f.languages ?? "", "topics": f.topics ?? "",
                      "url": f.url ?? ""]
        guard errors.isEmpty, let kind else { return try await render(req, values: values, errors: errors) }
        _ = try await DistributionStore.createMaterial(title: title, kind: kind, languages: langs, topics: topics, url: url,
                                                      actor: user.auditActor, app: req.application)
        return req.redirect(to: "/materials")
    }

    /// The languages of a material, comma-separated codes from a fixed list; the same for a link
    /// and for an uploaded file.
    static func languages(_ text: String?, into errors: inout [String: AppError]) -> [String] {
        let codes = FieldRules.line(text, field: "languages", max: 50, required: false, into: &errors)
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        if codes.contains(where: { !["ky", "ru", "en", "kk", "uz", "tg"].contains($0) }) {
            errors["languages"] = .invalid("languages", "error.unknown_value")
        }
        return codes
    }

    struct Upload: Content {
        var title: String?
        var languages: String?
        var topics: String?
        var file: File?
    }

    /// A counter-material uploaded as a file, stored once by its SHA-256 in the blob store.
    @Sendable static func upload(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .counterMaterial)
        let upload = try req.receivedUpload()
        let form = Upload(title: upload.fields["title"], languages: upload.fields["languages"],
                          topics: upload.fields["topics"], file: nil)
        var errors: [String: AppError] = [:]
        let title = FieldRules.line(form.title, field: "title", max: 300, into: &errors)
        let langs = languages(form.languages, into: &errors)
        let topics = FieldRules.line(form.topics, field: "topics", max: 500, required: false, into: &errors)
        var sniffed: MediaSniffer.Kind?
        var data = Data()
        if let file = upload.file, file.field == "file", file.size > 0 {
            data = try file.data()
            sniffed = MediaSniffer.sniff(data)
            if sniffed == nil { errors["file"] = .invalid("file", "material.bad_file") }
        } else {
            errors["file"] = .invalid("file", "error.required")
        }
        let values = ["title": form.title ?? "", "languages": form.languages ?? "", "topics": form.topics ?? ""]
        guard errors.isEmpty, let sniffed else { return try await render(req, values: values, errors: errors) }
        let stored = try BlobStore(root: req.kaiguul.blobDirectory).put(data)
        _ = try await DistributionStore.createMaterial(title: title, kind: sniffed.material, languages: langs, topics: topics,
                                                      url: nil, sha256: stored.sha256, actor: user.auditActor,
                                                      app: req.application)
        return req.redirect(to: "/materials")
    }

    struct StatusForm: Content {
        var status: String?
    }

    @Sendable static func setStatus(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.approve, .counterMaterial)
        var errors: [String: AppError] = [:]
        guard let status = FieldRules.choice(try req.input(StatusForm.self).status, CounterMaterialStatus.self,
                                             field: "status", into: &errors)
        else { throw AppError.invalid("status", "error.unknown_value") }
        try await DistributionStore.setStatus(try req.idParameter(), status, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/materials")
    }

    struct DistributionForm: Content {
        var material_id: String?
        var group_id: String?
        var distributed_on: String?
    }

    @Sendable static func distribute(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .distribution)
        let f = try req.input(DistributionForm.self)
        var errors: [String: AppError] = [:]
        let material = FieldRules.integer(f.material_id, field: "material_id", range: 1...Int(Int32.max), into: &errors)
        let group = FieldRules.integer(f.group_id, field: "group_id", range: 1...Int(Int32.max), into: &errors)
        let date = FieldRules.date(f.distributed_on, field: "distributed_on", required: true, into: &errors)
        let values = ["material_id": f.material_id ?? "", "group_id": f.group_id ?? "", "distributed_on": f.distributed_on ?? ""]
        guard errors.isEmpty, let material, let date else { return try await render(req, values: values, errors: errors) }
        do {
            _ = try await DistributionStore.distribute(materialID: material, groupID: group, channel: nil, on: date,
                                                       actor: user.auditActor, app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await render(req, values: values, errors: [e.field!: e])
        }
        return req.redirect(to: "/materials")
    }

    @Sendable static func confirm(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .distribution)
        let id = try req.idParameter()
        // "I shared it" is said by a member of the group it went to, whatever else the role may
        // do with distributions; for anyone else the distribution does not exist here.
        guard let d = try await Distribution.find(id, on: req.db), let group = d.$group.id,
              try await memberGroups(userID: user.id, on: req.db).contains(group)
        else { throw AppError.notFound }
        try await DistributionStore.confirm(distributionID: id, userID: user.id, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/materials")
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
            response.headers.replaceOrAdd(name: .contentType, value: MediaSniffer.sniff(data)?.contentType ?? "application/octet-stream")
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

    private static func render(_ req: Request, values: [String: String], errors: [String: AppError]) async throws -> Response {
        let (user, _) = try req.authorize(.view, .counterMaterial)
        var materials = try await CounterMaterial.query(on: req.db).sort(\.$id, .descending).limit(500).all()
        if !req.can(.create, .counterMaterial) {
            materials = materials.filter { $0.status == CounterMaterialStatus.approved.rawValue }
        }
        let query = Distribution.query(on: req.db).with(\.$material).with(\.$group)
        // A volunteer sees the distributions to the groups they belong to (filtered before the
        // limit, so older ones of their own are not crowded out by others').
        if Permissions.decide(role: user.role, action: .view, resource: .distribution) == .allow(.own) {
            query.filter(\.$group.$id ~~ Array(try await memberGroups(userID: user.id, on: req.db)))
        }
        let distributions = try await query.sort(\.$id, .descending).limit(500).all()
        let stats = try await clickStats(on: req.db, userID: user.id)
        let rows = distributions.map { d in
            MaterialIndex.Row(distribution: d, clicks: stats.clicks[d.id ?? 0] ?? 0,
                              confirmations: stats.confirmations[d.id ?? 0] ?? 0, confirmedByMe: stats.mine.contains(d.id ?? 0))
        }
        let model = MaterialIndex.Model(
            materials: materials, distributions: rows,
            groups: try await VolunteerGroup.query(on: req.db).sort(\.$name).all(),
            canCreate: req.can(.create, .counterMaterial), canApprove: req.can(.approve, .counterMaterial),
            canDistribute: req.can(.create, .distribution), canConfirm: user.role == .volunteer,
            values: values, errors: errors, csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("material.list.title"), status: errors.isEmpty ? .ok : .unprocessableEntity,
                        MaterialIndex.view(model, request: req))
    }

    static func memberGroups(userID: Int, on db: any Database) async throws -> Set<Int> {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable { var group_id: Int }
        let rows = try await sql.raw("""
            SELECT gm.group_id FROM group_members gm JOIN volunteers v ON v.id = gm.volunteer_id WHERE v.user_id = \(bind: userID)
            """).all(decoding: Row.self)
        return Set(rows.map(\.group_id))
    }

    static func clickStats(on db: any Database, userID: Int) async throws
        -> (clicks: [Int: Int], confirmations: [Int: Int], mine: Set<Int>)
    {
        guard let sql = db as? any SQLDatabase else { return ([:], [:], []) }
        struct Count: Decodable { var distribution_id: Int; var n: Int }
        let clicks = try await sql.raw("SELECT distribution_id, SUM(count) AS n FROM link_clicks GROUP BY distribution_id")
            .all(decoding: Count.self)
        let confirmations = try await sql.raw(
            "SELECT distribution_id, COUNT(*) AS n FROM distribution_confirmations GROUP BY distribution_id").all(decoding: Count.self)
        struct Mine: Decodable { var distribution_id: Int }
        let mine = try await sql.raw("SELECT distribution_id FROM distribution_confirmations WHERE user_id = \(bind: userID)")
            .all(decoding: Mine.self)
        return (Dictionary(uniqueKeysWithValues: clicks.map { ($0.distribution_id, $0.n) }),
                Dictionary(uniqueKeysWithValues: confirmations.map { ($0.distribution_id, $0.n) }),
                Set(mine.map(\.distribution_id)))
    }
}
