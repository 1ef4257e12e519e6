import Fluent
import Testing
import Vapor
import VaporTesting

@testable import App

/// The routes the application registers under `/api/` and the operations `openapi.yaml` documents are the
/// same set: a route missing from the contract is an undocumented door, a documented operation without a
/// route is a promise the server does not keep. (schemathesis, in `scripts/check-api-contract.sh`, checks
/// the answers; this checks that nothing escapes it.)
@Suite("API routes against openapi.yaml") struct APIContractTests {
    static let verbs = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// `METHOD /path` for every operation under `paths:`, with the `servers` URL in front, parameters as `{}`.
    static func documented(_ yaml: String) -> (operations: Set<String>, operationIDs: Int, server: String?) {
        var operations = Set<String>()
        var server: String?
        var section = ""
        var path: String?
        var operationIDs = 0
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if let first = line.first, first != " ", first != "#" {
                section = line
                path = nil
                continue
            }
            if section == "servers:", server == nil, line.hasPrefix("  - url: ") {
                server = String(line.dropFirst("  - url: ".count)).trimmingCharacters(in: .whitespaces)
            }
            guard section == "paths:" else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("  "), !line.hasPrefix("   "), !line.hasPrefix("  #") {
                path = nil
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "),
                      let verb = verbs.first(where: { line == "    \($0):" }) {
                operations.insert(verb.uppercased() + " " + normalised((server ?? "") + path))
            }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("operationId:") { operationIDs += 1 }
        }
        return (operations, operationIDs, server)
    }

    /// `METHOD /path` for every route whose first component is `api`, parameters as `{}`.
    static func routed(_ app: Application) -> Set<String> {
        Set(app.routes.all.compactMap { route -> String? in
            guard route.path.first?.description == "api" else { return nil }
            let path = "/" + route.path.map { component -> String in
                switch component {
                case .parameter(let name): "{\(name)}"
                default: component.description
                }
            }.joined(separator: "/")
            return route.method.rawValue + " " + normalised(path)
        })
    }

    /// Parameter names are not part of the contract's shape: `/cases/{id}` and `/cases/{case}` are one path.
    static func normalised(_ path: String) -> String {
        path.replacing(/\{[^}\/]*\}/, with: "{}")
    }

    @Test func everyAPIRouteIsDocumentedAndEveryOperationRouted() async throws {
        try await withApp { app in
            // setup
            let reply = try await APIClient(app: app, token: nil).send(.GET, "/openapi.yaml")
            #expect(reply.status == .ok)
            // MUT
            let (operations, operationIDs, server) = Self.documented(reply.body)
            let routes = Self.routed(app)
            // validate
            #expect(server == "/api/v1")
            // The line reader above must see every operation the document has, or it could miss one.
            #expect(operations.count == operationIDs, "operations read: \(operations.count), operationIds: \(operationIDs)")
            #expect(operations.contains("GET /api/v1/me"))
            #expect(routes.contains("GET /api/v1/me"))
            let undocumented = routes.subtracting(operations).sorted()
            let unrouted = operations.subtracting(routes).sorted()
            #expect(undocumented.isEmpty, "routes missing from openapi.yaml: \(undocumented)")
            #expect(unrouted.isEmpty, "operations in openapi.yaml with no route: \(unrouted)")
        }
    }

    /// The reader itself: a route added without its operation, and an operation without its route, are seen.
    @Test func aMissingOperationOrRouteIsReported() async throws {
        try await withApp { app in
            // setup
            let document = try await APIClient(app: app, token: nil).send(.GET, "/openapi.yaml").body
            let extra = document.replacingOccurrences(of: "\ncomponents:\n",
                                                      with: "\n  /ghosts/{id}:\n    delete:\n      operationId: ghost\ncomponents:\n")
            app.get("api", "v2", "shadow", ":id") { _ in "" }
            // MUT
            let operations = Self.documented(extra).operations
            let routes = Self.routed(app)
            // validate
            #expect(operations.contains("DELETE /api/v1/ghosts/{}"))
            #expect(!routes.contains("DELETE /api/v1/ghosts/{}"))
            #expect(routes.contains("GET /api/v2/shadow/{}"))
            #expect(!operations.contains("GET /api/v2/shadow/{}"))
        }
    }
}

/// What schemathesis found against the demo server, each kept as a test of its own.
@Suite("API answers schemathesis found wrong") struct APIContractFindingTests {
    /// An upload whose multipart body has no parts was a 500 (the multipart reader's error escaped).
    @Test func anEmptyMultipartUploadIsABadRequest() async throws {
        try await withApp { app in
            // setup
            let api = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("alice", role: .analyst)))
            let created = try await api.send(.POST, "/cases", json: #"{"title":"Invented site","target":"invented-site.example"}"#)
            let id = try #require(created.json["id"] as? Int)
            var status: HTTPResponseStatus?
            var body = ""
            // MUT
            try await app.testing().test(.POST, "/api/v1/cases/\(id)/documents?kind=evidence", beforeRequest: { req in
                req.headers.bearerAuthorization = BearerAuthorization(token: api.token ?? "")
                req.headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=c637e12e")
                req.body = ByteBuffer(string: "--c637e12e--\r\n")
            }, afterResponse: { res in
                status = res.status
                body = res.body.string
            })
            // validate
            // A client's error the contract documents (400 unreadable body, 422 no file), never a 5xx.
            #expect(status == .badRequest || status == .unprocessableEntity, "\(String(describing: status))")
            #expect(body.contains("\"error\""))
            #expect(try await DocumentRecord.query(on: app.db).count() == 0)
        }
    }

    /// A filter or page size outside what openapi.yaml declares was silently dropped or clamped, so
    /// `?state=in-review` listed every case as if it had matched.
    @Test func aQueryParameterOutsideItsDeclarationIsRefused() async throws {
        try await withApp { app in
            // setup
            let api = APIClient(app: app, token: try await app.makeToken(for: try await app.makeUser("alice", role: .analyst)))
            let refused = [
                ("/cases?state=in-review", "state"), ("/cases?region=0", "region"), ("/cases?per_page=201", "per_page"),
                ("/cases?page=0", "page"), ("/organizations?status=AAA", "status"), ("/sources?region=abc", "region"),
                ("/indicators?language=k%20y", "language"), ("/block-orders?status=gone", "status"),
                ("/triage?per_page=500", "per_page"), ("/candidates?per_page=201", "per_page"), ("/sources?q=" + String(repeating: "a", count: 201), "q"),
            ]
            for (path, field) in refused {
                // MUT
                let reply = try await api.send(.GET, path)
                // validate
                #expect(reply.status == .unprocessableEntity, "\(path)")
                #expect(reply.json["field"] as? String == field, "\(path)")
            }
            for path in ["/cases?state=new&per_page=200&page=1", "/organizations?status=lifted", "/indicators?language=uz-latn",
                         "/sources?q=" + String(repeating: "a", count: 200)] {
                #expect(try await api.send(.GET, path).status == .ok, "\(path)")
            }
        }
    }
}
