import Fluent
import Testing
import KaiguulCore
import Vapor

@testable import App

@Suite("Hostile and malformed input") struct BadInputTests {
    private func api(_ app: Application, role: Role = .analyst) async throws -> APIClient {
        APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("u\(role.rawValue)", role: role)))
    }

    @Test func overlongFieldIsRefusedNamingTheField() async throws {
        try await withApp { app in
            let api = try await api(app)
            let long = String(repeating: "ы", count: 301)
            let reply = try await api.send(.POST, "/organizations", json: #"{"name_en":"\#(long)","designation":"extremist"}"#)
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.json["field"] as? String == "name_en")
            #expect(try await Organization.query(on: app.db).count() == 0)
        }
    }

    @Test func unknownEnumValueIsRefused() async throws {
        try await withApp { app in
            let api = try await api(app)
            let reply = try await api.send(.POST, "/sources", json: #"{"kind":"myspace","address":"https://a.example"}"#)
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.json["field"] as? String == "kind")
            let status = try await api.send(.POST, "/organizations", json: #"{"name_en":"X","designation":"extremist","status":"maybe"}"#)
            #expect(status.json["field"] as? String == "status")
        }
    }

    @Test func wrongJSONTypeNamesTheField() async throws {
        try await withApp { app in
            let api = try await api(app)
            let reply = try await api.send(.POST, "/sources", json: #"{"kind":"website","address":"https://a.example","region_id":"x"}"#)
            #expect(reply.status == .badRequest)
            #expect(reply.json["field"] as? String == "region_id")
            let malformed = try await api.send(.POST, "/sources", json: #"{"kind":"#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.json["error"] is String)
        }
    }

    @Test func invalidUTF8IsRefusedInJSONAndForms() async throws {
        try await withApp { app in
            let api = try await api(app)
            var body = Data(#"{"name_en":""#.utf8)
            body.append(contentsOf: [0xC3, 0x28, 0xFF])
            body.append(Data(#"","designation":"extremist"}"#.utf8))
            let reply = try await api.send(.POST, "/organizations", raw: body)
            #expect(reply.status == .badRequest)
            #expect(reply.json["error"] is String)

            let browser = Browser(app)
            try await browser.login("uanalyst")
            let token = try await browser.csrfToken()
            let form = Data("name_en=%C3%28%FF&designation=extremist&_csrf=\(token)".utf8)
            let page = try await browser.postRaw("/organizations", body: form, contentType: .urlEncodedForm)
            #expect(page.status == .badRequest)
            #expect(try await Organization.query(on: app.db).count() == 0)
        }
    }

    @Test func controlCharactersAreRefused() async throws {
        try await withApp { app in
            let api = try await api(app)
            let reply = try await api.send(.POST, "/organizations", json: #"{"name_en":"A\u0000B","designation":"extremist"}"#)
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.json["field"] as? String == "name_en")
        }
    }

    @Test func oversizedBodyIsRefused() async throws {
        try await withApp { app in
            let api = try await api(app)
            let big = String(repeating: "a", count: 2 * 1_048_576)
            let reply = try await api.send(.POST, "/organizations", json: #"{"notes":"\#(big)"}"#)
            #expect(reply.status == .payloadTooLarge)
            #expect(reply.json["error"] is String)
        }
    }

    @Test func malformedIdIsNotFound() async throws {
        try await withApp { app in
            let api = try await api(app)
            #expect(try await api.send(.GET, "/sources/abc").status == .notFound)
            #expect(try await api.send(.GET, "/sources/-1").status == .notFound)
            #expect(try await api.send(.GET, "/sources/99999999999999999999").status == .notFound)
        }
    }

    @Test func openRedirectThroughLoginIsPrevented() {
        #expect(AuthController.safeNext("https://evil.example") == "/")
        #expect(AuthController.safeNext("//evil.example") == "/")
        #expect(AuthController.safeNext("/\\evil.example") == "/")
        #expect(AuthController.safeNext("/sources?page=2") == "/sources?page=2")
    }
}
