import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// Retention on a clock set forward: what is past its period goes, what is not stays, and every
/// figure a report makes from the rows stays the same (SQLite, and PostgreSQL with
/// `scripts/with-postgres.sh`).
@Suite("Retention") struct RetentionTests {
    static let day: TimeInterval = 86_400

    static func day(_ offset: Int, from base: Date = Date()) -> String {
        Retention.day(base.addingTimeInterval(Double(offset) * day))
    }

    struct Clicks: Decodable, Equatable { var distribution_id: Int; var n: Int }

    static func clickTotals(_ sql: any SQLDatabase) async throws -> [Clicks] {
        try await sql.raw("""
            SELECT distribution_id, CAST(SUM(count) AS INTEGER) AS n FROM link_clicks GROUP BY distribution_id ORDER BY distribution_id
            """).all(decoding: Clicks.self)
    }

    struct Figures: Equatable {
        var total: ProgrammeStatistics.Figures
        var regions: [ProgrammeStatistics.Figures]
        var cases: CaseStatistics.Figures
        var trained: CurriculumStatistics.Trained
        var counted: ProgrammeStatistics.Figures
    }

    static func figures(_ app: Application) async throws -> Figures {
        let report = try await PeriodReport.build(on: app.db, from: "2021-01-01", to: "2021-12-31")
        let counted = try await ProgrammeStatistics.count(on: app.db, from: "2021-01-01", to: "2022-01-01")
        return Figures(total: report.total.programme, regions: report.regions.map(\.programme),
                       cases: report.total.cases, trained: report.trained, counted: counted)
    }

    @Test func pastItsPeriodOnlyIsErasedAndThePeriodReportStaysTheSame() async throws {
        try await withApp { app in
            // setup: three volunteers in one group, at a 2021 seminar, a distribution to the group
            let coordinator = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: coordinator, label: "cora")
            let regions = try await Region.query(on: app.db).sort(\.$id).all().compactMap(\.id)
            let people = [("Айгүл Токтогулова", "+996 555 10-20-30"), ("Бакыт Осмонов", "@bakyt_patrol"),
                          ("Чынара Сыдыкова", "+996 700 44 55 66")]
            var ids: [Int] = []
            for (i, person) in people.enumerated() {
                ids.append(try await ProgrammeStore.createVolunteer(
                    name: person.0, regionID: regions[i % regions.count], district: "Д\(i)", ageBand: .young,
                    contact: person.1, userID: nil, actor: actor, app: app))
            }
            let (leaver, recent, stayer) = (ids[0], ids[1], ids[2])
            let group = try await ProgrammeStore.createGroup(name: "Жаштар", regionID: regions[0], messenger: .telegram,
                                                             coordinatorID: coordinator, actor: actor, app: app)
            for id in ids { try await ProgrammeStore.addMember(groupID: group, volunteerID: id, actor: actor, app: app) }
            let seminar = try await ProgrammeStore.createTraining(
                kind: .largeSeminar, heldOn: "2021-05-10", place: "Бишкек", topic: "Медиа сабаттуулук", trainers: "Т",
                regionID: regions[0], actor: actor, app: app)
            try await ProgrammeStore.addAttendance(trainingID: seminar, volunteerIDs: ids, staffNames: [],
                                                   actor: actor, app: app)
            let material = try await DistributionStore.createMaterial(
                title: "Тынчтык жолу", kind: .video, languages: ["ky"], topics: "", url: "https://video.example/peace",
                actor: actor, app: app)
            try await DistributionStore.setStatus(material, .approved, actor: actor, app: app)
            let (d1, _) = try await DistributionStore.distribute(materialID: material, groupID: group, channel: nil,
                                                                 on: "2021-05-12", actor: actor, app: app)
            let (d2, _) = try await DistributionStore.distribute(materialID: material, groupID: nil, channel: nil,
                                                                 on: "2021-06-01", actor: actor, app: app)
            // The leaver left 300 days ago, the other one today; the clock runs 100 days ahead.
            let today = Retention.day(Date())
            try await VolunteerDeparture.leave(leaver, on: Self.day(-300), today: today, actor: actor, app: app)
            try await VolunteerDeparture.leave(recent, on: today, today: today, actor: actor, app: app)
            let now = Date().addingTimeInterval(100 * Self.day)

            // Tips: an old contact, a new one, one dismissed long ago, one dismissed today.
            func file(_ comment: String, _ contact: String, createdDaysAgo: Int) async throws -> Int {
                let id = try await TipStore.create(TipInput(urls: ["https://t.me/s/fog_\(createdDaysAgo)"], platform: nil,
                                                            comment: comment, contact: contact),
                                                   submittedBy: nil, app: app)
                try await Tip.query(on: app.db).filter(\.$id == id)
                    .set(\.$createdAt, to: Date().addingTimeInterval(-Double(createdDaysAgo) * Self.day)).update()
                return id
            }
            func dismiss(_ tip: Int, daysAgo: Int) async throws {
                let d = TriageDismissal()
                d.tipID = tip
                d.reason = TriageDismissalReason.notPropaganda.rawValue
                d.note = ""
                d.dismissedBy = coordinator
                d.dismissedAt = Date().addingTimeInterval(-Double(daysAgo) * Self.day)
                try await d.create(on: app.db)
            }
            let oldContact = try await file("эски билдирүү", "+996 555 90 90 90", createdDaysAgo: 400)
            let newContact = try await file("жаңы билдирүү", "+996 555 80 80 80", createdDaysAgo: 0)
            let dismissedLongAgo = try await file("четке кагылган", "+996 555 70 70 70", createdDaysAgo: 0)
            try await dismiss(dismissedLongAgo, daysAgo: 400)
            let dismissedToday = try await file("бүгүн четке кагылган", "", createdDaysAgo: 0)
            try await dismiss(dismissedToday, daysAgo: 0)

            // Clicks: detail older than 90 days before the clock folds into months; a month row already there.
            let sql = try #require(app.db as? any SQLDatabase)
            let clicks: [(Int, String, Int)] = [
                (d1, Self.day(-200), 3), (d1, Self.day(-199), 2), (d1, Self.day(-20), 5), (d1, Self.day(50), 4),
                (d1, String(Self.day(-200).prefix(7)), 10), (d2, Self.day(-300), 7),
            ]
            for (distribution, day, count) in clicks {
                try await sql.raw("""
                    INSERT INTO link_clicks (distribution_id, day, count) VALUES (\(bind: distribution), \(bind: day), \(bind: count))
                    """).run()
            }
            let totalsBefore = try await Self.clickTotals(sql)
            let figuresBefore = try await Self.figures(app)
            #expect(figuresBefore.total.seminarParticipants == 3 && figuresBefore.total.videosDistributed == 2)

            // MUT: batches of two, so every kind needs more than one transaction
            let counts = try await Retention.apply(now: now, settings: RetentionSettings(), app: app, batch: 2)

            // validate: counts
            #expect(counts == Retention.Counts(volunteers: 1, tipContacts: 1, dismissedTips: 1, clickDays: 4))
            // the leaver's fields are gone, the row stays
            let gone = try #require(try await Volunteer.find(leaver, on: app.db))
            #expect(gone.erasedAt != nil && gone.name.isEmpty && gone.contact.isEmpty)
            #expect(gone.dataKey == nil && gone.contactHash == nil && gone.leftOn == Self.day(-300))
            #expect(try gone.person(app.personalData) == nil)
            // who left recently, and who stays, are untouched
            for (id, person) in [(recent, people[1]), (stayer, people[2])] {
                let v = try #require(try await Volunteer.find(id, on: app.db))
                #expect(v.erasedAt == nil)
                #expect(try v.person(app.personalData) == VolunteerPerson(name: person.0, contact: person.1))
            }
            // tips: contact past 180 days gone; dismissed past 365 days lose their words; the others stay
            let tips = Dictionary(uniqueKeysWithValues: try await Tip.query(on: app.db).all().map { ($0.id!, $0) })
            #expect(tips[oldContact]?.contact == nil && tips[oldContact]?.erasedAt != nil)
            #expect(tips[oldContact]?.comment == "эски билдирүү")
            #expect(try tips[newContact]?.openContact(app.personalData) == "+996 555 80 80 80")
            #expect(tips[dismissedLongAgo]?.urls == "[]" && tips[dismissedLongAgo]?.comment == "")
            #expect(tips[dismissedLongAgo]?.contact == nil && tips[dismissedLongAgo]?.status != nil)
            #expect(tips[dismissedToday]?.comment == "бүгүн четке кагылган" && tips[dismissedToday]?.urlList.count == 1)
            // clicks: totals per distribution unchanged, old days folded, recent days kept
            #expect(try await Self.clickTotals(sql) == totalsBefore)
            struct Row: Decodable, Hashable { var distribution_id: Int; var day: String; var count: Int }
            let rows = Set(try await sql.raw("SELECT distribution_id, day, count FROM link_clicks").all(decoding: Row.self))
            let month = { (offset: Int) in String(Self.day(offset).prefix(7)) }
            var expected: [Row: Int] = [:]
            for (distribution, day, count) in [(d1, month(-200), 13), (d1, month(-199), 2), (d1, month(-20), 5),
                                               (d1, Self.day(50), 4), (d2, month(-300), 7)] {
                expected[Row(distribution_id: distribution, day: day, count: 0), default: 0] += count
            }
            #expect(rows == Set(expected.map {
                Row(distribution_id: $0.key.distribution_id, day: $0.key.day, count: $0.value) }))
            // the report for 2021 says the same as before
            #expect(try await Self.figures(app) == figuresBefore)
            // one audit row, counts only
            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == "retention.apply").all()
            #expect(audit.count == 1)
            let details = try JSONDecoder().decode([String: String].self, from: Data(try #require(audit.first).details.utf8))
            #expect(details == ["as_of": Retention.day(now), "volunteers_erased": "1", "tip_contacts_erased": "1",
                                "dismissed_tips_erased": "1", "click_days_folded": "4"])
            #expect(audit.first?.objectID == nil)

            // A second run finds nothing more, and the figures still hold.
            let again = try await Retention.apply(now: now, settings: RetentionSettings(), app: app, batch: 2)
            #expect(again == Retention.Counts())
            #expect(try await Self.clickTotals(sql) == totalsBefore)
            #expect(try await Self.figures(app) == figuresBefore)
        }
    }

    @Test func periodsComeFromTheEnvironmentAndABadValueIsRefused() throws {
        // MUT + validate
        #expect(try RetentionSettings.from([:]).get() == RetentionSettings())
        let set = try RetentionSettings.from(["KAIGUUL_RETAIN_LEFT_VOLUNTEER_DAYS": "30",
                                              "KAIGUUL_RETAIN_TIP_CONTACT_DAYS": " 7 ",
                                              "KAIGUUL_RETAIN_DISMISSED_TIP_DAYS": "3650",
                                              "KAIGUUL_RETAIN_CLICK_DETAIL_DAYS": "1"]).get()
        #expect(set == RetentionSettings(leftVolunteerDays: 30, tipContactDays: 7, dismissedTipDays: 3650, clickDetailDays: 1))
        for bad in ["0", "-5", "3651", "abc", "12.5", "1e3"] {
            let result = RetentionSettings.from(["KAIGUUL_RETAIN_TIP_CONTACT_DAYS": bad])
            guard case .failure(let failure) = result else {
                Issue.record("\(bad) accepted")
                continue
            }
            #expect(failure.description.contains("KAIGUUL_RETAIN_TIP_CONTACT_DAYS"))
        }
    }

    @Test func aShorterPeriodErasesSooner() async throws {
        try await withApp { app in
            let coordinator = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: coordinator, label: "cora")
            let id = try await ProgrammeStore.createVolunteer(name: "Дамира", regionID: nil, district: "", ageBand: .adult,
                                                              contact: "+996 555 11 11 11", userID: nil, actor: actor,
                                                              app: app)
            let today = Retention.day(Date())
            try await VolunteerDeparture.leave(id, on: Self.day(-10), today: today, actor: actor, app: app)
            var settings = RetentionSettings()
            // MUT: default period, then a 9-day period
            #expect(try await Retention.apply(settings: settings, app: app).volunteers == 0)
            settings.leftVolunteerDays = 9
            #expect(try await Retention.apply(settings: settings, app: app).volunteers == 1)
            // validate
            #expect(try await Volunteer.find(id, on: app.db)?.erasedAt != nil)
        }
    }
}
