import Fluent
import KaiguulCore
import SQLKit
import Vapor

enum TrainingController {
    struct Form: Content {
        var kind: String?
        var held_on: String?
        var place: String?
        var topic: String?
        var trainers: String?
        var region_id: String?
        var module_ids: [String]?
    }

    @Sendable static func index(req: Request) async throws -> Response {
        try req.authorize(.view, .training)
        return try await render(req, values: [:], errors: [:])
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.create, .training)
        let f = try req.input(Form.self)
        var errors: [String: AppError] = [:]
        let kind = FieldRules.choice(f.kind, TrainingKind.self, field: "kind", into: &errors)
        let date = FieldRules.date(f.held_on, field: "held_on", required: true, into: &errors)
        let place = FieldRules.line(f.place, field: "place", max: 300, into: &errors)
        let topic = FieldRules.line(f.topic, field: "topic", max: 300, into: &errors)
        let trainers = FieldRules.line(f.trainers, field: "trainers", max: 500, required: false, into: &errors)
        var region: Int?
        if let r = f.region_id, !r.isEmpty { region = FieldRules.integer(r, field: "region_id", range: 1...Int(Int32.max), into: &errors) }
        let values = ["kind": f.kind ?? "", "held_on": f.held_on ?? "", "place": f.place ?? "", "topic": f.topic ?? "",
                      "trainers": f.trainers ?? "", "region_id": f.region_id ?? ""]
        let modules = CurriculumController.idList(f.module_ids, field: "module_ids", into: &errors)
        guard errors.isEmpty, let kind, let date else { return try await render(req, values: values, errors: errors) }
        _ = try await CurriculumStore.createSession(kind: kind, heldOn: date, place: place, topic: topic, trainers: trainers,
                                                    regionID: region, moduleIDs: modules, actor: user.auditActor,
                                                    app: req.application)
        return req.redirect(to: "/trainings")
    }

    struct AttendanceForm: Content {
        var volunteer_ids: [String]?
        var staff: String?
    }

    /// Records who attended: volunteers chosen from the list, staff by name (one per line).
    @Sendable static func addAttendance(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.update, .training)
        let id = try req.idParameter()
        let form = try req.input(AttendanceForm.self)
        let ids = (form.volunteer_ids ?? []).prefix(1000).compactMap { Int($0) }.filter { $0 > 0 }
        var errors: [String: AppError] = [:]
        let staff = FieldRules.text(form.staff, field: "staff", max: 20_000, into: &errors)
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if staff.contains(where: { $0.count > 200 }) { errors["staff"] = .invalid("staff", "error.too_long", ["max": "200"]) }
        guard errors.isEmpty else { return try await render(req, values: [:], errors: errors) }
        let known = try await Volunteer.query(on: req.db).filter(\.$id ~~ ids).count()
        guard known == Set(ids).count else { throw AppError.invalid("volunteer_ids", "error.unknown_value") }
        try await ProgrammeStore.addAttendance(trainingID: id, volunteerIDs: Array(Set(ids)).sorted(), staffNames: staff,
                                               actor: user.auditActor, app: req.application)
        return req.redirect(to: "/trainings")
    }

    private static func render(_ req: Request, values: [String: String], errors: [String: AppError]) async throws -> Response {
        let trainings = try await Training.query(on: req.db).sort(\.$heldOn, .descending).limit(500).all()
        var attendance: [Int: Int] = [:]
        if let sql = req.db as? any SQLDatabase {
            struct Row: Decodable { var training_id: Int; var n: Int }
            for row in try await sql.raw("SELECT training_id, COUNT(*) AS n FROM training_attendance GROUP BY training_id")
                .all(decoding: Row.self) { attendance[row.training_id] = row.n }
        }
        let volunteers = try await VolunteerLists.all(viewer: req.volunteerListViewer, limit: 2000, on: req.db)
        let modules = try await TrainingModule.query(on: req.db).sort(\.$id).limit(500).all()
        let sessionModules = try await CurriculumCoordinator.sessionModules(on: req.db, trainingIDs: trainings.compactMap(\.id))
        let model = TrainingIndex.Model(trainings: trainings, attendance: attendance, volunteers: volunteers,
                                        modules: modules, sessionModules: sessionModules,
                                        regions: try await Region.query(on: req.db).sort(\.$id).all(),
                                        canCreate: req.can(.create, .training), values: values, errors: errors,
                                        csrf: CSRFMiddleware.token(for: req))
        return req.page(req.t("training.list.title"), status: errors.isEmpty ? .ok : .unprocessableEntity,
                        TrainingIndex.view(model, request: req))
    }
}
