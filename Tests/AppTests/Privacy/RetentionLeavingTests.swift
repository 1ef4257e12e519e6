import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor

@testable import App

/// A coordinator records that a volunteer left the programme, on the volunteer's page; the admin
/// sees the periods and the runs; the command and the daily run (SQLite, and PostgreSQL with
/// `scripts/with-postgres.sh`, except the command, which runs the built binary on SQLite).
@Suite("Retention: leaving, the admin page, the command") struct RetentionLeavingTests {
    static func audit(_ action: String, _ app: Application) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: app.db).filter(\.$action == action).sort(\.$seq).all()
    }

    @Test func aVolunteerLeavesInOneAuditedStepAndItCanBeTakenBackUntilErased() async throws {
        try await withApp { app in
            // setup
            let coordinator = try await app.makeUser("cora", role: .coordinator)
            try await app.makeUser("audra", role: .auditor)
            let actor = AuditActor(id: coordinator, label: "cora")
            let id = try await ProgrammeStore.createVolunteer(name: "Нурлан Жумабеков", regionID: nil, district: "",
                                                              ageBand: .young, contact: "@nurlan_kg", userID: nil,
                                                              actor: actor, app: app)
            let group = try await ProgrammeStore.createGroup(name: "Талас", regionID: nil, messenger: .telegram,
                                                             coordinatorID: coordinator, actor: actor, app: app)
            try await ProgrammeStore.addMember(groupID: group, volunteerID: id, actor: actor, app: app)
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            #expect(try await cora.get("/volunteers/\(id)").body.contains("id=\"leave-form\""))
            let today = Date()
            let tomorrow = Retention.day(today.addingTimeInterval(86_400))
            let leftOn = Retention.day(today.addingTimeInterval(-3 * 86_400))

            // MUT: refused days write nothing
            for bad in [tomorrow, "2026-13-01", "", "<script>"] {
                let refused = try await cora.post("/volunteers/\(id)/leave", [("left_on", bad)])
                #expect(refused.status == .unprocessableEntity, "\(bad)")
            }
            #expect(try await Volunteer.find(id, on: app.db)?.leftOn == nil)
            #expect(try await GroupMember.query(on: app.db).filter(\.$volunteer.$id == id).count() == 1)
            #expect(try await Self.audit("volunteer.leave", app).isEmpty)

            // MUT: the day they left
            let left = try await cora.post("/volunteers/\(id)/leave", [("left_on", leftOn)])
            // validate
            #expect(left.status == .seeOther || left.status == .found)
            #expect(try await Volunteer.find(id, on: app.db)?.leftOn == leftOn)
            #expect(try await GroupMember.query(on: app.db).filter(\.$volunteer.$id == id).count() == 0)
            let rows = try await Self.audit("volunteer.leave", app)
            #expect(rows.count == 1 && rows.first?.objectID == String(id))
            #expect(rows.first?.details == AuditChain.encodeDetails(["left_on": leftOn, "groups_left": String(group)]))
            let page = try await cora.get("/volunteers/\(id)")
            #expect(page.body.contains("Left the programme on \(leftOn)."))
            let erasure = try #require(VolunteerDeparture.erasureDay(leftOn: leftOn, settings: app.retention))
            #expect(page.body.contains("erased on \(erasure)") && page.body.contains("id=\"leave-undo\""))
            #expect(try await cora.post("/volunteers/\(id)/leave", [("left_on", leftOn)]).status == .unprocessableEntity)

            // An auditor reads, and cannot take it back.
            let audra = Browser(app)
            try await audra.login("audra", language: "en")
            let read = try await audra.get("/volunteers/\(id)")
            #expect(read.body.contains("Left the programme on") && !read.body.contains("leave-undo"))
            #expect(try await audra.post("/volunteers/\(id)/leave/undo", []).status == .forbidden)
            #expect(try await Volunteer.find(id, on: app.db)?.leftOn == leftOn)

            // MUT: taken back
            #expect(try await cora.post("/volunteers/\(id)/leave/undo", []).status == .seeOther)
            #expect(try await Volunteer.find(id, on: app.db)?.leftOn == nil)
            #expect(try await Self.audit("volunteer.leave_undo", app).count == 1)
            #expect(try await cora.post("/volunteers/\(id)/leave/undo", []).status == .unprocessableEntity)

            // Once erased, neither leaving nor taking back changes the record.
            try await cora.post("/volunteers/\(id)/leave", [("left_on", leftOn)])
            try await app.write { db in
                try await PersonalDataEraser.eraseVolunteer(id, on: db)
                try await AuditLog.append(on: db, actor: actor, action: "personal_data.erase", objectType: "volunteer",
                                          objectID: String(id))
            }
            #expect(try await cora.post("/volunteers/\(id)/leave/undo", []).status == .unprocessableEntity)
            #expect(try await Volunteer.find(id, on: app.db)?.leftOn == leftOn)
            #expect(!(try await cora.get("/volunteers/\(id)").body.contains("volunteer-leaving")))
        }
    }

    @Test func onlyAnAdminSeesThePeriodsAndTheRuns() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("ada", role: .admin)
            try await app.makeUser("cora", role: .coordinator)
            try await app.makeUser("audra", role: .auditor)
            app.retention.tipContactDays = 42
            let ada = Browser(app)
            try await ada.login("ada", language: "en")
            // MUT + validate: no run yet
            let empty = try await ada.get("/admin/retention")
            #expect(empty.status == .ok)
            #expect(empty.body.contains("KAIGUUL_RETAIN_TIP_CONTACT_DAYS") && empty.body.contains(">42<"))
            #expect(empty.body.contains("retention-no-runs"))
            // after a run, its counts
            try await Retention.apply(settings: app.retention, app: app, actor: .commandLine)
            let listed = try await ada.get("/admin/retention")
            #expect(listed.body.contains("id=\"retention-runs\"") && listed.body.contains(">cli<"))
            #expect(listed.body.contains("Volunteers erased"))
            for role in ["cora", "audra"] {
                let other = Browser(app)
                try await other.login(role, language: "en")
                #expect(try await other.get("/admin/retention").status == .forbidden, "\(role)")
            }
        }
    }

    @Test func theDailyRunStartsShortlyAfterBootAndStopsAtShutdown() async throws {
        try await withApp { app in
            // setup
            let schedule = RetentionSchedule(firstAfter: .milliseconds(50), every: .seconds(3600))
            // MUT
            try await schedule.didBootAsync(app)
            var runs: [AuditEntry] = []
            for _ in 0..<100 where runs.isEmpty {
                try await Task.sleep(for: .milliseconds(100))
                runs = try await Self.audit(Retention.action, app)
            }
            await schedule.shutdownAsync(app)
            // validate: one run, by the system, and none after shutdown
            #expect(runs.count == 1 && runs.first?.actorLabel == "system")
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await Self.audit(Retention.action, app).count == 1)
        }
    }

    @Test func theCommandPrintsCountsAndRefusesAClockSetBack() async throws {
        // setup
        let dir = try ShippedBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["KAIGUUL_DATA_DIR": dir.path]
        let migrated = try await ShippedBinary.run(["migrate"], environment: env)
        #expect(migrated.exited && migrated.status == 0, "\(migrated.stderr.suffix(400))")
        let ahead = Retention.day(Date().addingTimeInterval(30 * 86_400))
        // MUT
        let run = try await ShippedBinary.run(["retention", "run", "--now", ahead], environment: env)
        // validate: counts only on standard output
        #expect(run.exited && run.status == 0, "\(run.stderr.suffix(400))")
        #expect(run.stdout.split(separator: "\n") == [
            "as_of=\(ahead)", "volunteers_erased=0", "tip_contacts_erased=0", "dismissed_tips_erased=0",
            "click_days_folded=0",
        ])
        for bad in [["--now", "2001-01-01"], ["--now", "tomorrow"]] {
            let refused = try await ShippedBinary.run(["retention", "run"] + bad, environment: env)
            #expect(refused.exited && refused.status != 0 && refused.stdout.isEmpty, "\(bad)")
            #expect(refused.stderr.contains("--now"), "\(refused.stderr.suffix(300))")
        }
        let badPeriod = try await ShippedBinary.run(["retention", "run"],
                                                    environment: env.merging(["KAIGUUL_RETAIN_LEFT_VOLUNTEER_DAYS": "0"]) { $1 })
        #expect(badPeriod.exited && badPeriod.status != 0)
        #expect(badPeriod.stderr.contains("KAIGUUL_RETAIN_LEFT_VOLUNTEER_DAYS"), "\(badPeriod.stderr.suffix(300))")
    }
    @Test(arguments: [Language.ky, .ru])
    func theLeavingPartAndTheAdminPageAreInTheirLanguage(_ language: Language) async throws {
        try await withApp { app in
            // setup: one volunteer who left, one who stays, one run
            try await app.makeUser("ada", role: .admin)
            let coordinator = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: coordinator, label: "cora")
            var ids: [Int] = []
            for name in ["Асель", "Тимур"] {
                ids.append(try await ProgrammeStore.createVolunteer(name: name, regionID: nil, district: "", ageBand: .adult,
                                                                    contact: "+996 555 123 456", userID: nil,
                                                                    actor: actor, app: app))
            }
            let today = Retention.day(Date())
            try await VolunteerDeparture.leave(ids[0], on: today, today: today, actor: actor, app: app)
            try await Retention.apply(settings: app.retention, app: app)
            let checker = UntranslatedText(language: language, englishNames: [],
                                           data: ["ada", "Ada", "cora", "Cora", "system"])
            let t = Translator(language: language)
            let ada = Browser(app)
            try await ada.login("ada", language: language.rawValue)
            let cora = Browser(app)
            try await cora.login("cora", language: language.rawValue)
            // MUT
            let pages = [("/admin/retention", try await ada.get("/admin/retention")),
                         ("left", try await cora.get("/volunteers/\(ids[0])")),
                         ("stays", try await cora.get("/volunteers/\(ids[1])"))]
            // validate
            for (name, page) in pages {
                #expect(page.status == .ok, "\(name)")
                #expect(checker.findings(inPage: page.body).isEmpty, "\(name): \(checker.findings(inPage: page.body))")
            }
            #expect(pages[0].1.body.contains(t("retention.kind.left_volunteer")))
            #expect(pages[1].1.body.contains(t("volunteer.leave.left_on", ["day": today])))
            #expect(pages[2].1.body.contains(t("volunteer.leave.submit")))
        }
    }
}
