import Fluent
import SQLKit
import Testing
import Vapor

@testable import App

@Suite("Counter-material uploads and attendance") struct MaterialUploadTests {
    static func multipart(_ fields: [(String, String)], file: (name: String, data: Data), boundary: String) -> Data {
        var body = Data()
        for (k, v) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n".utf8))
        body.append(Data("Content-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(file.data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return body
    }

    @Test func uploadedFileIsStoredOnceByHashAndServedThroughItsLink() async throws {
        try await withApp { app in
            try await app.makeUser("cora", role: .coordinator)
            let browser = Browser(app)
            try await browser.login("cora", language: "en")
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 100))
            let boundary = "kaiguul-test-boundary"
            for title in ["Poster A", "Poster A again"] {
                let token = try await browser.csrfToken()
                let body = Self.multipart([("title", title), ("languages", "ky"), ("_csrf", token)], file: ("a.png", png),
                                          boundary: boundary)
                let page = try await browser.postRaw("/materials/files", body: body,
                                                     contentType: HTTPMediaType(type: "multipart", subType: "form-data",
                                                                                parameters: ["boundary": boundary]))
                #expect(page.status == .seeOther)
            }
            let materials = try await CounterMaterial.query(on: app.db).all()
            #expect(materials.count == 2)
            #expect(materials.allSatisfy { $0.kind == "image" && $0.sha256 != nil })
            #expect(Set(materials.compactMap(\.sha256)).count == 1)
            // A text file pretending to be a video is refused.
            let token = try await browser.csrfToken()
            let fake = Self.multipart([("title", "Fake"), ("_csrf", token)], file: ("clip.mp4", Data("hello".utf8)),
                                      boundary: boundary)
            let refused = try await browser.postRaw("/materials/files", body: fake,
                                                    contentType: HTTPMediaType(type: "multipart", subType: "form-data",
                                                                               parameters: ["boundary": boundary]))
            #expect(refused.status == .unprocessableEntity)
            #expect(try await CounterMaterial.query(on: app.db).count() == 2)
        }
    }

    @Test func attendanceIsRecordedForVolunteersAndStaff() async throws {
        try await withApp { app in
            let coordinator = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: coordinator, label: "cora")
            let training = try await ProgrammeStore.createTraining(kind: .largeSeminar, heldOn: "2021-03-01", place: "Bishkek",
                                                                   topic: "Demo", trainers: "", regionID: nil, actor: actor, app: app)
            let v1 = try await ProgrammeStore.createVolunteer(name: "A", regionID: 1, district: "", ageBand: .young, contact: "",
                                                              userID: nil, actor: actor, app: app)
            let v2 = try await ProgrammeStore.createVolunteer(name: "B", regionID: 2, district: "", ageBand: .young, contact: "",
                                                              userID: nil, actor: actor, app: app)
            let browser = Browser(app)
            try await browser.login("cora", language: "en")
            let page = try await browser.post("/trainings/\(training)/attendance",
                                              [("volunteer_ids[]", String(v1)), ("volunteer_ids[]", String(v2)),
                                               ("staff", "Officer One\nOfficer Two")])
            #expect(page.status == .seeOther)
            let report = try await ProgrammeStatistics.count(on: app.db, from: "2021-01-01", to: "2021-12-31")
            #expect(report.largeSeminars == 1)
            #expect(report.seminarParticipants == 4)
            #expect(report.seminarRegions == 2)
            // The same form sent again counts nobody twice.
            let again = try await browser.post("/trainings/\(training)/attendance", [("volunteer_ids[]", String(v1))])
            #expect(again.status == .seeOther)
            #expect(try await ProgrammeStatistics.count(on: app.db, from: "2021-01-01", to: "2021-12-31")
                .seminarParticipants == 4)
            let bad = try await browser.post("/trainings/\(training)/attendance", [("volunteer_ids[]", "999999")])
            #expect(bad.status == .unprocessableEntity)
        }
    }
}
