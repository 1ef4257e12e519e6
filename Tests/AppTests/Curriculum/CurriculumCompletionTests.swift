import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// Issue 19, the curriculum: completion per person per module is derived from attendance, so
/// attendance recorded twice (the same form sent again, a second session of the same module, the
/// same staff member twice) still counts each person once, in their region.
@Suite struct CurriculumCompletionTests {
    static func volunteer(_ name: String, _ region: Int?, _ actor: AuditActor, _ app: Application) async throws -> Int {
        try await ProgrammeStore.createVolunteer(name: name, regionID: region, district: "", ageBand: .young, contact: "",
                                                 userID: nil, actor: actor, app: app)
    }

    @Test func completionCountsByModuleAndRegionAreRightAfterAttendanceIsRecordedTwice() async throws {
        try await withApp { app in
            // setup
            let coordinator = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: coordinator, label: "cora")
            let a = try await Self.volunteer("Aibek Invented", 1, actor, app)
            let b = try await Self.volunteer("Bermet Invented", 1, actor, app)
            let c = try await Self.volunteer("Chynara Invented", 1, actor, app)
            let d = try await Self.volunteer("Daniyar Invented", 2, actor, app)
            let e = try await Self.volunteer("Elnura Invented", 2, actor, app)
            let f = try await Self.volunteer("Farida Invented", nil, actor, app)
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            for (ky, ru) in [("Модуль бир", "Модуль один"), ("Модуль эки", "Модуль два")] {
                let made = try await cora.post("/curriculum/modules", [
                    ("title_ky", ky), ("title_ru", ru), ("title_en", ""), ("audience", "young_leaders"), ("language", "ky"),
                    ("duration_minutes", "90"), ("links", "Handout | https://kaiguul.example/handout")])
                #expect(made.status == .seeOther)
            }
            let modules = try await TrainingModule.query(on: app.db).sort(\.$id).all().compactMap(\.id)
            try #require(modules.count == 2)
            let (m1, m2) = (modules[0], modules[1])
            let first = try await cora.post("/trainings", [
                ("kind", "large_seminar"), ("held_on", "2021-03-01"), ("place", "Bishkek"), ("topic", "Invented seminar"),
                ("region_id", "1"), ("module_ids[]", String(m1)), ("module_ids[]", String(m2))])
            #expect(first.status == .seeOther)
            let second = try await cora.post("/trainings", [
                ("kind", "regional_training"), ("held_on", "2021-04-01"), ("place", "Naryn"), ("topic", "Invented training"),
                ("region_id", "2"), ("module_ids[]", String(m1))])
            #expect(second.status == .seeOther)
            let trainings = try await Training.query(on: app.db).sort(\.$heldOn).all().compactMap(\.id)
            try #require(trainings.count == 2)
            // MUT: the first session's attendance sent twice; the second session repeats people and the staff member.
            for _ in 0..<2 {
                let sent = try await cora.post("/trainings/\(trainings[0])/attendance", [
                    ("volunteer_ids[]", String(a)), ("volunteer_ids[]", String(b)), ("volunteer_ids[]", String(d)),
                    ("staff", "Officer Invented")])
                #expect(sent.status == .seeOther)
            }
            let sent = try await cora.post("/trainings/\(trainings[1])/attendance", [
                ("volunteer_ids[]", String(a)), ("volunteer_ids[]", String(d)), ("volunteer_ids[]", String(e)),
                ("volunteer_ids[]", String(f)), ("staff", "Officer Invented")])
            #expect(sent.status == .seeOther)
            // The same module added to the session again changes nothing.
            #expect(try await cora.post("/trainings/\(trainings[0])/modules", [("module_ids[]", String(m1))]).status == .seeOther)

            // validate: module 1 in both sessions, module 2 in the first only.
            let trained = try await CurriculumStatistics.trained(on: app.db, from: "2021-01-01", to: "2022-01-01")
            #expect(trained.modules.map(\.moduleID) == [m1, m2])
            #expect(trained.people(module: m1, region: 1) == 2)  // a, b
            #expect(trained.people(module: m1, region: 2) == 2)  // d, e
            #expect(trained.people(module: m1, region: nil) == 2)  // f, the officer once
            #expect(trained.modules.first?.total == 6)
            #expect(trained.people(module: m2, region: 1) == 2)  // a, b
            #expect(trained.people(module: m2, region: 2) == 1)  // d
            #expect(trained.people(module: m2, region: nil) == 1)  // the officer
            #expect(trained.modules.last?.total == 4)
            _ = c

            // The period report carries the same figures; a period before the sessions has none.
            let report = try await PeriodReport.build(on: app.db, from: "2021-01-01", to: "2021-12-31")
            #expect(report.trained == trained)
            let table = ReportTables.modules(report, Translator(language: .ru))
            #expect(Array(table.header.dropFirst()) == ["Модуль один", "Модуль два"])
            #expect(table.rows.last.map { Array($0.dropFirst()) } == ["6", "4"])
            let onlyMarch = try await PeriodReport.build(on: app.db, from: "2021-03-01", to: "2021-03-31")
            #expect(onlyMarch.trained.people(module: m1, region: 2) == 1)  // d only; e came in April
            let before = try await PeriodReport.build(on: app.db, from: "2020-01-01", to: "2020-12-31")
            #expect(before.trained.modules.isEmpty)

            // The coordinator's page: who in region 1 completed what.
            let page = try await cora.get("/curriculum?region=1")
            #expect(page.status == .ok)
            #expect(page.body.contains("id=\"completion\""))
            #expect(page.body.contains("Aibek Invented"))
            let people = try await CurriculumCoordinator.completed(on: app.db, regionID: 1,
                                                                    names: VolunteerNames(keyring: app.personalData, t: Translator(language: .en)))
            #expect(people.map(\.name) == ["Aibek Invented", "Bermet Invented"])
            #expect(people.first?.moduleIDs == [m1, m2])
            #expect(people.first?.lastTrained == "2021-04-01")
        }
    }

    /// "Not trained for a year": no attendance at a session held in the last 365 days, never trained included.
    @Test func volunteersNotTrainedForAYear() async throws {
        try await withApp { app in
            let coordinator = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: coordinator, label: "cora")
            let old = try await Self.volunteer("Old Invented", 1, actor, app)
            let recent = try await Self.volunteer("Recent Invented", 1, actor, app)
            _ = try await Self.volunteer("Never Invented", 2, actor, app)
            let now = Date()
            let longAgo = try await CurriculumStore.createSession(
                kind: .regionalTraining, heldOn: PeriodReport.iso(now.addingTimeInterval(-400 * 86_400)), place: "Osh",
                topic: "Invented", trainers: "", regionID: 1, moduleIDs: [], actor: actor, app: app)
            let lately = try await CurriculumStore.createSession(
                kind: .regionalTraining, heldOn: PeriodReport.iso(now.addingTimeInterval(-30 * 86_400)), place: "Osh",
                topic: "Invented", trainers: "", regionID: 1, moduleIDs: [], actor: actor, app: app)
            try await ProgrammeStore.addAttendance(trainingID: longAgo, volunteerIDs: [old, recent], staffNames: [],
                                                   actor: actor, app: app)
            try await ProgrammeStore.addAttendance(trainingID: lately, volunteerIDs: [recent], staffNames: [],
                                                   actor: actor, app: app)
            let since = CurriculumCoordinator.yearBefore(now)
            let untrained = try await CurriculumCoordinator.untrained(on: app.db, since: since, regionID: nil,
                                                                       names: VolunteerNames(keyring: app.personalData, t: Translator(language: .en)))
            #expect(untrained.map(\.name) == ["Never Invented", "Old Invented"])
            #expect(untrained.last?.lastTrained == PeriodReport.iso(now.addingTimeInterval(-400 * 86_400)))
            #expect(try await CurriculumCoordinator.untrainedCounts(on: app.db, since: since) == [1: 1, 2: 1])
            let cora = Browser(app)
            try await cora.login("cora", language: "ru")
            let page = try await cora.get("/curriculum")
            #expect(page.body.contains("Old Invented"))
            #expect(!page.body.contains("Recent Invented"))
        }
    }

    @Test func aModuleIsCheckedAndOnlyCoordinatorsWriteIt() async throws {
        try await withApp { app in
            try await app.makeUser("cora", role: .coordinator)
            try await app.makeUser("vera", role: .volunteer)
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            func module(_ extra: [(String, String)]) async throws -> Browser.Page {
                var fields = [("title_ky", "Модуль"), ("title_ru", "Модуль"), ("audience", "staff"), ("language", "ru"),
                              ("duration_minutes", "60")]
                for (key, value) in extra { fields.removeAll { $0.0 == key }; fields.append((key, value)) }
                return try await cora.post("/curriculum/modules", fields)
            }
            // A script link would run in every coordinator's browser.
            #expect(try await module([("links", "Bad | javascript://kaiguul.example/%0Aalert(1)")]).status == .unprocessableEntity)
            #expect(try await module([("links", "Bad | javascript:alert(1)")]).status == .unprocessableEntity)
            #expect(try await module([("audience", "everyone")]).status == .unprocessableEntity)
            #expect(try await module([("title_ru", "")]).status == .unprocessableEntity)
            #expect(try await module([("organization_ids[]", "9999")]).status == .unprocessableEntity)
            #expect(try await TrainingModule.query(on: app.db).count() == 0)
            // A session naming a module that does not exist is refused whole.
            let session = try await cora.post("/trainings", [
                ("kind", "large_seminar"), ("held_on", "2021-03-01"), ("place", "Bishkek"), ("topic", "Invented"),
                ("module_ids[]", "9999")])
            #expect(session.status == .unprocessableEntity)
            #expect(try await Training.query(on: app.db).count() == 0)
            #expect(try await module([]).status == .seeOther)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "curriculum.module_create").count() == 1)

            let vera = Browser(app)
            try await vera.login("vera")
            #expect(try await vera.get("/curriculum").status == .forbidden)
            let refused = try await vera.post("/curriculum/modules", [("title_ky", "x"), ("title_ru", "x"),
                                                                      ("audience", "staff"), ("language", "ru"),
                                                                      ("duration_minutes", "60")])
            #expect(refused.status == .forbidden)
            #expect(try await TrainingModule.query(on: app.db).count() == 1)
        }
    }
}
