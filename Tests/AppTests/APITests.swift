import Fluent
import Testing
import Vapor

@testable import App

@Suite("JSON API") struct APITests {
    @Test func tokenIsStoredHashedAndWorks() async throws {
        try await withApp { app in
            let id = try await app.makeUser("alice", role: .analyst)
            let token = try await app.makeToken(for: id)
            #expect(token.hasPrefix("kgl_"))
            let stored = try #require(try await ApiToken.query(on: app.db).first())
            #expect(stored.tokenHash == Token.sha256Hex(token))
            #expect(stored.tokenHash != token)
            let me = try await APIClient(app: app, token: token).send(.GET, "/me")
            #expect(me.status == .ok)
            #expect(me.json["username"] as? String == "alice")
        }
    }

    @Test func missingOrBadTokenGets401AsJSON() async throws {
        try await withApp { app in
            let none = try await APIClient(app: app, token: nil).send(.GET, "/sources")
            #expect(none.status == .unauthorized)
            #expect(none.json["error"] is String)
            let bad = try await APIClient(app: app, token: "kgl_nope").send(.GET, "/sources")
            #expect(bad.status == .unauthorized)
        }
    }

    @Test func wrongRoleGets403() async throws {
        try await withApp { app in
            let provider = try await app.makeUser("isp", role: .provider)
            let token = try await app.makeToken(for: provider)
            let api = APIClient(app: app, token: token)
            let reply = try await api.send(.POST, "/organizations", json: #"{"name_en":"X","designation":"extremist"}"#)
            #expect(reply.status == .forbidden)
            #expect(reply.json["error"] is String)
            #expect(try await api.send(.GET, "/sources").status == .forbidden)
            #expect(try await Organization.query(on: app.db).count() == 0)
        }
    }

    @Test func createListShowAndPatchOrganization() async throws {
        try await withApp { app in
            let token = try await app.makeToken(for: try await app.makeUser("alice", role: .analyst))
            let api = APIClient(app: app, token: token)
            let created = try await api.send(.POST, "/organizations", json: """
                {"name_ky":"Кара Туман Бирлиги","name_en":"Black Fog Union","aliases":["KTB","#каратуман"],
                 "designation":"extremist","court":"Demo court","decision_number":"D-1","decision_date":"2019-03-14"}
                """)
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? Int)
            #expect(created.headers.first(name: .location) == "/api/v1/organizations/\(id)")
            #expect(created.json["aliases"] as? [String] == ["KTB", "#каратуман"])
            let patched = try await api.send(.PATCH, "/organizations/\(id)", json: #"{"status":"lifted"}"#)
            #expect(patched.status == .ok)
            #expect(patched.json["status"] as? String == "lifted")
            #expect(patched.json["name_en"] as? String == "Black Fog Union")
            let list = try await api.send(.GET, "/organizations?q=%D0%BA%D0%B0%D1%80%D0%B0")  // "кара"
            #expect(list.json["total"] as? Int == 1)
        }
    }

    @Test func duplicateSourceGets409WithPointer() async throws {
        try await withApp { app in
            let token = try await app.makeToken(for: try await app.makeUser("alice", role: .analyst))
            let api = APIClient(app: app, token: token)
            let first = try await api.send(.POST, "/sources", json: #"{"kind":"website","address":"https://Example.kg/"}"#)
            #expect(first.status == .created)
            let id = try #require(first.json["id"] as? Int)
            let second = try await api.send(.POST, "/sources", json: #"{"kind":"website","address":"http://www.example.kg"}"#)
            #expect(second.status == .conflict)
            #expect(second.json["existing_id"] as? Int == id)
            #expect(second.json["field"] as? String == "address")
        }
    }

    @Test func openAPIDocumentIsServed() async throws {
        try await withApp { app in
            let reply = try await APIClient(app: app, token: nil).send(.GET, "/openapi.yaml")
            #expect(reply.status == .ok)
            #expect(reply.body.hasPrefix("openapi: 3.1.0"))
        }
    }

    /// Every route under `/api/v1` is in the document and every operation in the document is a
    /// route: the document cannot silently fall behind the code.
    @Test func openAPIDocumentAndRoutesAgree() async throws {
        try await withApp { app in
            let document = try await APIClient(app: app, token: nil).send(.GET, "/openapi.yaml").body
            var documented = Set<String>()
            var path: String?
            for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("  /"), line.hasSuffix(":") {
                    path = String(line.dropFirst(2).dropLast())
                } else if line.hasPrefix("  "), !line.hasPrefix("    ") {
                    path = nil
                } else if let current = path, line.hasPrefix("    "), !line.hasPrefix("     "),
                          let verb = ["get", "post", "patch", "put", "delete"].first(where: { line == "    \($0):" }) {
                    documented.insert(verb.uppercased() + " " + current)
                }
            }
            let routed = Set(app.routes.all.compactMap { route -> String? in
                let parts = route.path.map { $0.description }
                guard parts.count > 2, parts[0] == "api", parts[1] == "v1" else { return nil }
                let path = "/" + parts.dropFirst(2).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }
                    .joined(separator: "/")
                return route.method.rawValue + " " + path
            })
            #expect(!documented.isEmpty)
            #expect(routed.subtracting(documented).isEmpty, "routes missing from openapi.yaml: \(routed.subtracting(documented).sorted())")
            #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed).sorted())")
        }
    }
}
