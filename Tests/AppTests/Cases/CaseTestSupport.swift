import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor
import VaporTesting

@testable import App
@testable import KaiguulFixtures

/// The people of a case and their API clients.
struct CaseTeam {
    let app: Application
    let analyst: APIClient
    let expert: APIClient
    let otherExpert: APIClient
    let legal: APIClient
    let provider: APIClient
    let expertID: Int
    let otherExpertID: Int

    static func make(_ app: Application) async throws -> CaseTeam {
        func client(_ name: String, _ role: Role) async throws -> (APIClient, Int) {
            let id = try await app.makeUser(name, role: role)
            return (APIClient(app: app, token: try await app.makeToken(for: id)), id)
        }
        let (expert, expertID) = try await client("expert1", .expert)
        let (other, otherID) = try await client("expert2", .expert)
        return CaseTeam(app: app, analyst: try await client("analyst1", .analyst).0, expert: expert,
                        otherExpert: other, legal: try await client("legal1", .legal).0,
                        provider: try await client("isp1", .provider).0, expertID: expertID, otherExpertID: otherID)
    }

    func open(_ target: String, title: String = "Case") async throws -> Int {
        let reply = try await analyst.send(.POST, "/cases", json: json(["title": title, "target": target]))
        #expect(reply.status == .created, "\(reply.body)")
        return try #require(reply.json["id"] as? Int)
    }

    func step(_ client: APIClient, _ id: Int, _ body: [String: Any]) async throws -> APIClient.Reply {
        try await client.send(.POST, "/cases/\(id)/transitions", json: json(body))
    }

    func upload(_ client: APIClient, _ id: Int, kind: String, data: Data = CaseFixtures.pdf("doc"),
                filename: String = "doc.pdf") async throws -> APIClient.Reply {
        try await client.sendRaw(.POST, "/cases/\(id)/documents?kind=\(kind)&filename=\(filename)", body: data,
                                 contentType: .init(type: "application", subType: "pdf"))
    }

    /// new → … → court_ordered or blocked through the API, checking each step.
    func walk(_ id: Int, target: String, to last: String) async throws {
        #expect(try await step(analyst, id, ["action": "start_review"]).status == .ok)
        if last == "in_review" { return }
        #expect(try await step(analyst, id, ["action": "refer_to_expert", "expert_id": expertID]).status == .ok)
        if last == "referred_to_expert" { return }
        let c = try #require(try await upload(expert, id, kind: "expert_conclusion").json["id"] as? Int)
        #expect(try await step(expert, id, ["action": "record_expert_conclusion", "finding": "confirmed",
                                            "document_id": c]).status == .ok)
        if last == "expert_confirmed" { return }
        #expect(try await step(legal, id, ["action": "submit_to_court"]).status == .ok)
        if last == "submitted_to_court" { return }
        let d = try #require(try await upload(legal, id, kind: "court_decision").json["id"] as? Int)
        let decided = try await step(legal, id, ["action": "record_court_decision", "outcome": "ordered",
                                                 "court": "Demo court", "number": "D-\(id)", "date": CaseDates.today(),
                                                 "targets": [target], "document_id": d])
        #expect(decided.status == .ok, "\(decided.body)")
        if last == "court_ordered" { return }
        #expect(try await step(legal, id, ["action": "mark_blocked"]).status == .ok)
    }

    func lift(_ id: Int) async throws -> APIClient.Reply {
        let d = try #require(try await upload(legal, id, kind: "court_decision",
                                              data: CaseFixtures.pdf("reversal \(id)")).json["id"] as? Int)
        return try await step(legal, id, ["action": "lift_block", "court": "Appeal court", "number": "R-\(id)",
                                          "date": CaseDates.today(), "grounds": "reversed", "document_id": d])
    }

    func state(_ id: Int) async throws -> String? {
        try await CaseRecord.find(id, on: app.db)?.state
    }
}

func json(_ object: [String: Any]) -> String {
    String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
}

extension APIClient {
    func sendRaw(_ method: HTTPMethod, _ path: String, body: Data? = nil, contentType: HTTPMediaType? = nil,
                 headers extra: [(String, String)] = []) async throws -> Reply {
        var reply: Reply?
        try await app.testing().test(method, "/api/v1" + path, beforeRequest: { req in
            if let token { req.headers.bearerAuthorization = BearerAuthorization(token: token) }
            if let contentType { req.headers.contentType = contentType }
            for (name, value) in extra { req.headers.replaceOrAdd(name: name, value: value) }
            if let body { req.body = ByteBuffer(data: body) }
        }, afterResponse: { res in
            reply = Reply(status: res.status, body: res.body.string, headers: res.headers)
        })
        guard let reply else { throw TestFailure("no response") }
        return reply
    }
}
