import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// A module's handout is stored by SHA-256 and served only as a listed material of that module.
@Suite struct CurriculumMaterialFileTests {
    @Test func aHandoutIsStoredListedAndServedAndAnythingElseRefused() async throws {
        try await withApp { app in
            let coordinator = try await app.makeUser("cora", role: .coordinator)
            let actor = AuditActor(id: coordinator, label: "cora")
            let module = try await CurriculumStore.createModule(
                CurriculumModuleInput(titleKy: "Модуль", titleRu: "Модуль", titleEn: "", audience: .staff, language: .ru,
                                      durationMinutes: 60, organizationIDs: [], counterMaterialIDs: [], materials: []),
                actor: actor, app: app)
            let browser = Browser(app)
            try await browser.login("cora", language: "en")
            let boundary = "curriculum-boundary"
            let type = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
            let pdf = Data("%PDF-1.4\n% invented handout\n%%EOF\n".utf8)
            let body = MaterialUploadTests.multipart([("title", "Памятка"), ("_csrf", try await browser.csrfToken())],
                                                     file: ("handout.pdf", pdf), boundary: boundary)
            let sent = try await browser.postRaw("/curriculum/modules/\(module)/files", body: body, contentType: type)
            #expect(sent.status == .seeOther)
            let stored = CurriculumMaterial.list(try #require(try await TrainingModule.find(module, on: app.db)).materials)
            let sha = try #require(stored.first?.sha256)
            #expect(stored.first?.mediaType == "application/pdf")
            let file = try await browser.get("/curriculum/modules/\(module)/files/\(sha)")
            #expect(file.status == .ok)
            #expect(file.bytes == pdf)
            // Another blob's digest is not this module's material.
            #expect(try await browser.get("/curriculum/modules/\(module)/files/\(String(repeating: "a", count: 64))").status
                == .notFound)
            // Text pretending to be a PDF is refused and nothing is added.
            let fake = MaterialUploadTests.multipart([("title", "Fake"), ("_csrf", try await browser.csrfToken())],
                                                     file: ("x.pdf", Data("hello".utf8)), boundary: boundary)
            #expect(try await browser.postRaw("/curriculum/modules/\(module)/files", body: fake, contentType: type).status
                == .unprocessableEntity)
            #expect(CurriculumMaterial.list(try #require(try await TrainingModule.find(module, on: app.db)).materials).count == 1)
        }
    }
}
