import Evidence
import Fluent
import Foundation
import Vapor

@testable import App

/// The demo curriculum: four invented modules, taught by the demo's 2021 seminars and trainings, so
/// the period report shows people trained by module and region. Run after `seedProgramme`.
extension DemoData {
    static func seedCurriculum(app: Application) async throws {
        guard try await TrainingModule.query(on: app.db).count() == 0 else { return }
        let actor = AuditActor(id: nil, label: "demo")
        var organizations: [Int] = []
        for name in ["Black Fog Union", "Green Wind Community"] {
            if let id = try await Organization.query(on: app.db).filter(\.$nameEn == name).first()?.id { organizations.append(id) }
        }
        let counters = try await CounterMaterial.query(on: app.db).sort(\.$id).limit(4).all().compactMap(\.id)
        let handout = try BlobStore(root: app.kaiguul.blobDirectory)
            .put(Data(demoPDF("Curriculum handout (fictional demo)").utf8))
        let modules: [CurriculumModuleInput] = [
            CurriculumModuleInput(
                titleKy: "Тыюу салынган уюмдардын үгүтүн таануу (демо)",
                titleRu: "Как распознать пропаганду запрещённых организаций (демо)",
                titleEn: "Recognising the propaganda of banned organisations (demo)",
                audience: .youngLeaders, language: .ky, durationMinutes: 180, organizationIDs: organizations,
                counterMaterialIDs: Array(counters.prefix(2)),
                materials: [CurriculumMaterial(title: "Тренер үчүн колдонмо / Пособие для тренера (демо)",
                                               url: "https://kaiguul.example/curriculum/recognising")]),
            CurriculumModuleInput(
                titleKy: "Онлайн тартуу: кантип иштейт жана кантип жооп берүү керек (демо)",
                titleRu: "Вербовка в сети: как она устроена и как на неё отвечать (демо)",
                titleEn: "Recruitment online: how it works and how to answer it (demo)",
                audience: .youngLeaders, language: .ru, durationMinutes: 120, organizationIDs: organizations,
                counterMaterialIDs: Array(counters.dropFirst(2)), materials: []),
            CurriculumModuleInput(
                titleKy: "Санариптик гигиена жана кабарлоо формасы (демо)",
                titleRu: "Цифровая гигиена и форма сообщения (демо)",
                titleEn: "Digital hygiene and the tip form (demo)",
                audience: .volunteers, language: .ky, durationMinutes: 90, organizationIDs: [], counterMaterialIDs: [],
                materials: [CurriculumMaterial(title: "Кабарлоо формасы / Форма сообщения", url: "https://kaiguul.example/tip")]),
            CurriculumModuleInput(
                titleKy: "Кызматкерлер үчүн: далилдер жана мыйзамдуу тартип (демо)",
                titleRu: "Для сотрудников: доказательства и надлежащая процедура (демо)",
                titleEn: "For staff: evidence and due process (demo)",
                audience: .staff, language: .ru, durationMinutes: 240, organizationIDs: organizations,
                counterMaterialIDs: [], materials: []),
        ]
        var ids: [Int] = []
        for module in modules { ids.append(try await CurriculumStore.createModule(module, actor: actor, app: app)) }
        try await CurriculumStore.addMaterial(
            moduleID: ids[0], CurriculumMaterial(title: "Таратма материал / Раздаточный материал (демо)",
                                                 sha256: handout.sha256, mediaType: "application/pdf"),
            actor: actor, app: app)
        // The seminars teach the first module, the later two also the second; regional trainings the
        // third, the staff course the fourth.
        let trainings = try await Training.query(on: app.db).sort(\.$heldOn).all()
        let seminars = trainings.filter { $0.kind == TrainingKind.largeSeminar.rawValue }
        for training in trainings {
            guard let id = training.id else { continue }
            let taught: [Int] = switch TrainingKind(rawValue: training.kind) {
            case .largeSeminar: seminars.first?.id == id ? [ids[0]] : [ids[0], ids[1]]
            case .regionalTraining: [ids[2]]
            case .staffCourse: [ids[3]]
            case nil: []
            }
            if !taught.isEmpty { try await CurriculumStore.addModules(trainingID: id, moduleIDs: taught, actor: actor, app: app) }
        }
    }
}
