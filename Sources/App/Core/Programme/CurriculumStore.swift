import Fluent
import Foundation
import SQLKit
import Vapor

/// What a module is, checked: the organisations and counter-materials it names must exist.
struct CurriculumModuleInput: Sendable {
    var titleKy: String
    var titleRu: String
    var titleEn: String
    var audience: TrainingModuleAudience
    var language: Language
    var durationMinutes: Int
    var organizationIDs: [Int]
    var counterMaterialIDs: [Int]
    var materials: [CurriculumMaterial]
}

/// The curriculum's writes: each one transaction with its audit row.
enum CurriculumStore {
    static func ids(_ list: [Int]) -> String { "[" + list.map(String.init).joined(separator: ",") + "]" }

    static func ids(_ json: String) -> [Int] {
        (try? JSONDecoder().decode([Int].self, from: Data(json.utf8))) ?? []
    }

    static func createModule(_ input: CurriculumModuleInput, actor: AuditActor, app: Application) async throws -> Int {
        try await app.write { db in
            let organizations = Array(Set(input.organizationIDs)).sorted()
            let materials = Array(Set(input.counterMaterialIDs)).sorted()
            if try await Organization.query(on: db).filter(\.$id ~~ organizations).count() != organizations.count {
                throw AppError.invalid("organization_ids", "error.unknown_value")
            }
            if try await CounterMaterial.query(on: db).filter(\.$id ~~ materials).count() != materials.count {
                throw AppError.invalid("counter_material_ids", "error.unknown_value")
            }
            let module = TrainingModule()
            module.titleKy = input.titleKy
            module.titleRu = input.titleRu
            module.titleEn = input.titleEn
            module.audience = input.audience.rawValue
            module.language = input.language.rawValue
            module.durationMinutes = input.durationMinutes
            module.organizationIDs = ids(organizations)
            module.counterMaterialIDs = ids(materials)
            module.materials = CurriculumMaterial.json(input.materials)
            try await module.create(on: db)
            let id = try module.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "curriculum.module_create", objectType: "training_module",
                                      objectID: String(id),
                                      details: ["title": module.title(input.language), "language": input.language.rawValue,
                                                "audience": input.audience.rawValue])
            return id
        }
    }

    static func checkModules(_ moduleIDs: [Int], on db: any Database) async throws {
        let unique = Set(moduleIDs)
        if unique.isEmpty { return }
        if try await TrainingModule.query(on: db).filter(\.$id ~~ Array(unique)).count() != unique.count {
            throw AppError.invalid("module_ids", "error.unknown_value")
        }
    }

    /// A training session and the modules it teaches, together.
    static func createSession(kind: TrainingKind, heldOn: String, place: String, topic: String, trainers: String,
                              regionID: Int?, moduleIDs: [Int], actor: AuditActor, app: Application) async throws -> Int {
        try await app.write { db in
            try await ProgrammeStore.checkRegion(regionID, on: db)
            try await checkModules(moduleIDs, on: db)
            let tr = Training()
            tr.kind = kind.rawValue
            tr.heldOn = heldOn
            tr.place = place
            tr.topic = topic
            tr.trainers = trainers
            tr.$region.id = regionID
            try await tr.create(on: db)
            let id = try tr.requireID()
            let added = try await link(trainingID: id, moduleIDs: moduleIDs, on: db)
            var details = ["kind": kind.rawValue, "held_on": heldOn]
            if !added.isEmpty { details["module_ids"] = ids(added) }
            try await AuditLog.append(on: db, actor: actor, action: "training.create", objectType: "training",
                                      objectID: String(id), details: details)
            return id
        }
    }

    /// Adds modules to a session already held; a module it already has is left as it is.
    static func addModules(trainingID: Int, moduleIDs: [Int], actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard try await Training.find(trainingID, on: db) != nil else { throw AppError.notFound }
            try await checkModules(moduleIDs, on: db)
            let added = try await link(trainingID: trainingID, moduleIDs: moduleIDs, on: db)
            try await AuditLog.append(on: db, actor: actor, action: "curriculum.session_modules", objectType: "training",
                                      objectID: String(trainingID), details: ["module_ids": ids(added)])
        }
    }

    /// Adds a stored file to a module's materials.
    static func addMaterial(moduleID: Int, _ material: CurriculumMaterial, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let module = try await TrainingModule.find(moduleID, on: db) else { throw AppError.notFound }
            var list = CurriculumMaterial.list(module.materials)
            guard list.count < CurriculumMaterial.maxCount else {
                throw AppError.invalid("file", "error.too_long", ["max": String(CurriculumMaterial.maxCount)])
            }
            if !list.contains(where: { $0.sha256 != nil && $0.sha256 == material.sha256 }) { list.append(material) }
            module.materials = CurriculumMaterial.json(list)
            try await module.save(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "curriculum.module_file", objectType: "training_module",
                                      objectID: String(moduleID),
                                      details: ["title": material.title, "sha256": material.sha256 ?? ""])
        }
    }

    /// The pairs not yet recorded; the unique key backs this up against two forms sent at once.
    private static func link(trainingID: Int, moduleIDs: [Int], on db: any Database) async throws -> [Int] {
        guard !moduleIDs.isEmpty, let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable { var module_id: Int }
        let present = Set(try await sql.raw("""
            SELECT module_id FROM training_session_modules WHERE training_id = \(bind: trainingID)
            """).all(decoding: Row.self).map(\.module_id))
        let added = Set(moduleIDs).subtracting(present).sorted()
        for moduleID in added {
            try await sql.raw("""
                INSERT INTO training_session_modules (training_id, module_id) VALUES (\(bind: trainingID), \(bind: moduleID))
                """).run()
        }
        return added
    }
}
