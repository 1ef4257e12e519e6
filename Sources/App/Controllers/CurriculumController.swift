import Evidence
import Fluent
import Vapor

/// The curriculum: modules, the sessions that teach them, and the coordinator's view of who has
/// completed what and who has not been trained for a year.
enum CurriculumController {
    static func register(_ app: Application) {
        app.get("curriculum", use: index)
        app.post("curriculum", "modules", use: createModule)
        app.upload("curriculum", "modules", ":id", "files", allowing: .update, .training, use: uploadFile)
        app.get("curriculum", "modules", ":id", "files", ":sha256", use: file)
        app.post("trainings", ":id", "modules", use: addSessionModules)
    }

    struct ModuleForm: Content {
        var title_ky: String?
        var title_ru: String?
        var title_en: String?
        var audience: String?
        var language: String?
        var duration_minutes: String?
        var organization_ids: [String]?
        var counter_material_ids: [String]?
        var links: String?
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .training)
        return try await render(req, values: [:], errors: [:])
    }

    static func idList(_ values: [String]?, field: String, into errors: inout [String: AppError]) -> [Int] {
        let list = (values ?? []).filter { !$0.isEmpty }
        guard list.count <= 200 else {
            errors[field] = .invalid(field, "error.too_long", ["max": "200"])
            return []
        }
        var ids: [Int] = []
        for value in list {
            guard let id = FieldRules.integer(value, field: field, range: 1...Int(Int32.max), into: &errors) else { return [] }
            ids.append(id)
        }
        return ids
    }

    @Sendable static func createModule(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .training)
        let f = try req.input(ModuleForm.self)
        var errors: [String: AppError] = [:]
        // Kyrgyz and Russian first: a module is taught in both, so both titles are required.
        let titleKy = FieldRules.line(f.title_ky, field: "title_ky", max: 300, into: &errors)
        let titleRu = FieldRules.line(f.title_ru, field: "title_ru", max: 300, into: &errors)
        let titleEn = FieldRules.line(f.title_en, field: "title_en", max: 300, required: false, into: &errors)
        let audience = FieldRules.choice(f.audience, TrainingModuleAudience.self, field: "audience", into: &errors)
        let language = FieldRules.choice(f.language, Language.self, field: "language", into: &errors)
        let duration = FieldRules.integer(f.duration_minutes, field: "duration_minutes", range: 15...6_000, into: &errors)
        let organizations = idList(f.organization_ids, field: "organization_ids", into: &errors)
        let materials = idList(f.counter_material_ids, field: "counter_material_ids", into: &errors)
        let links = CurriculumMaterial.links(FieldRules.text(f.links, field: "links", max: 50_000, into: &errors),
                                             field: "links", into: &errors)
        let values = ["title_ky": f.title_ky ?? "", "title_ru": f.title_ru ?? "", "title_en": f.title_en ?? "",
                      "audience": f.audience ?? "", "language": f.language ?? "",
                      "duration_minutes": f.duration_minutes ?? "", "links": f.links ?? ""]
        guard errors.isEmpty, let audience, let language, let duration else {
            return try await render(req, values: values, errors: errors)
        }
        let input = CurriculumModuleInput(titleKy: titleKy, titleRu: titleRu, titleEn: titleEn, audience: audience,
                                          language: language, durationMinutes: duration, organizationIDs: organizations,
                                          counterMaterialIDs: materials, materials: links)
        do {
            _ = try await CurriculumStore.createModule(input, actor: user.auditActor, app: req.application)
        } catch let e as AppError where e.field != nil {
            return try await render(req, values: values, errors: [e.field ?? "": e])
        }
        return req.redirect(to: "/curriculum")
    }

    struct SessionModulesForm: Content {
        var module_ids: [String]?
    }

    @Sendable static func addSessionModules(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .training)
        let id = try req.idParameter()
        let f = try req.input(SessionModulesForm.self)
        var errors: [String: AppError] = [:]
        let modules = idList(f.module_ids, field: "module_ids", into: &errors)
        if let error = errors.values.first { throw error }
        try await CurriculumStore.addModules(trainingID: id, moduleIDs: modules, actor: user.auditActor, app: req.application)
        return req.redirect(to: "/trainings")
    }

    /// A handout for a module: only what the sniffer recognises (PDF, images, audio, video) is kept.
    @Sendable static func uploadFile(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .training)
        let id = try req.idParameter()
        guard try await TrainingModule.find(id, on: req.db) != nil else { throw AppError.notFound }
        let upload = try req.receivedUpload()
        var errors: [String: AppError] = [:]
        let title = FieldRules.line(upload.fields["title"], field: "title", max: 300, into: &errors)
        var data = Data()
        var kind: MediaSniffer.Kind?
        if let file = upload.file, file.field == "file", file.size > 0 {
            data = try file.data()
            kind = MediaSniffer.sniff(data)
            if kind == nil { errors["file"] = .invalid("file", "material.bad_file") }
        } else {
            errors["file"] = .invalid("file", "error.required")
        }
        guard errors.isEmpty, let kind else { return try await render(req, values: [:], errors: errors) }
        let stored = try BlobStore(root: req.kaiguul.blobDirectory).put(data)
        try await CurriculumStore.addMaterial(
            moduleID: id, CurriculumMaterial(title: title, sha256: stored.sha256, mediaType: kind.contentType),
            actor: user.auditActor, app: req.application)
        return req.redirect(to: "/curriculum#module-\(id)")
    }

    /// A module's file, only if the module lists it: the blob store holds evidence too.
    @Sendable static func file(req: Request) async throws -> Response {
        try req.authorize(.view, .training)
        let id = try req.idParameter()
        let sha = req.parameters.get("sha256") ?? ""
        guard let module = try await TrainingModule.find(id, on: req.db),
              let material = CurriculumMaterial.list(module.materials).first(where: { $0.sha256 == sha && !sha.isEmpty })
        else { throw AppError.notFound }
        let data = try BlobStore(root: req.kaiguul.blobDirectory).read(sha, maxBytes: req.application.kaiguul.uploadLimitBytes)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: material.mediaType ?? "application/octet-stream")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"module-\(id)-\(sha.prefix(12))\"")
        return response
    }

    private static func render(_ req: Request, values: [String: String], errors: [String: AppError]) async throws -> Response {
        let regionID = req.query[Int.self, at: "region"]
        let since = CurriculumCoordinator.yearBefore(Date())
        let modules = try await TrainingModule.query(on: req.db).sort(\.$id).limit(500).all()
        let regions = try await Region.query(on: req.db).sort(\.$id).all()
        let region = regionID.flatMap { id in regions.first { $0.id == id } }
        var completed: [CurriculumCoordinator.Person] = []
        if let id = region?.id {
            completed = try await CurriculumCoordinator.completed(on: req.db, regionID: id, names: req.volunteerNames)
        }
        let model = CurriculumIndex.Model(
            modules: modules,
            organizations: try await Organization.query(on: req.db).sort(\.$id).limit(500).all(),
            counterMaterials: try await CounterMaterial.query(on: req.db).sort(\.$id).limit(1000).all(),
            regions: regions,
            trained: try await CurriculumStatistics.trained(on: req.db),
            untrainedCounts: try await CurriculumCoordinator.untrainedCounts(on: req.db, since: since),
            region: region,
            completed: completed,
            untrained: try await CurriculumCoordinator.untrained(on: req.db, since: since, regionID: region?.id,
                                                                names: req.volunteerNames),
            since: since,
            canCreate: req.can(.create, .training), canUpdate: req.can(.update, .training),
            values: values, errors: errors, csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("curriculum.title"), status: errors.isEmpty ? .ok : .unprocessableEntity,
                        CurriculumIndex.view(model, request: req))
    }
}
