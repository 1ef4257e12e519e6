import Fluent
import Testing
import Vapor

@testable import App

@Suite struct ProgrammeInputTests {
    /// A region that does not exist is the form's error (422), never a failed foreign key (500),
    /// and nothing is written.
    @Test func anUnknownRegionIsRefusedForGroupsAndTrainings() async throws {
        try await withApp { app in
            try await app.makeUser("cora", role: .coordinator)
            let cora = Browser(app)
            try await cora.login("cora", language: "en")
            let group = try await cora.post("/groups", [("name", "Invented group"), ("region_id", "9999"),
                                                        ("messenger", "telegram")])
            #expect(group.status == .unprocessableEntity)
            #expect(try await VolunteerGroup.query(on: app.db).count() == 0)
            let training = try await cora.post("/trainings", [("kind", "large_seminar"), ("held_on", "2021-03-01"),
                                                              ("place", "Bishkek"), ("topic", "Demo"),
                                                              ("region_id", "9999")])
            #expect(training.status == .unprocessableEntity)
            #expect(try await Training.query(on: app.db).count() == 0)
            let good = try await cora.post("/groups", [("name", "Invented group"), ("region_id", "1"),
                                                       ("messenger", "telegram")])
            #expect(good.status == .seeOther)
            let goodTraining = try await cora.post("/trainings", [("kind", "large_seminar"), ("held_on", "2021-03-01"),
                                                                  ("place", "Bishkek"), ("topic", "Demo"),
                                                                  ("region_id", "1")])
            #expect(goodTraining.status == .seeOther)
        }
    }
}
