import Fluent
import Foundation
import KaiguulCore
import Testing
import Vapor
import VaporTesting

@testable import App
@testable import KaiguulFixtures

/// A probe calling the API with its own token header, and the measurements it sends.
struct ProbeCaller {
    let app: Application
    let token: String?
    var bearer: String? = nil

    struct Reply {
        var status: HTTPResponseStatus
        var headers: HTTPHeaders
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
    }

    func send(_ method: HTTPMethod, _ path: String, body: Data? = nil) async throws -> Reply {
        var reply: Reply?
        try await app.testing().test(method, "/api/v1/probe/" + path, beforeRequest: { req in
            if let token { req.headers.replaceOrAdd(name: ProbeAPIController.tokenHeader, value: token) }
            if let bearer { req.headers.bearerAuthorization = BearerAuthorization(token: bearer) }
            if let body {
                req.headers.contentType = .json
                req.body = ByteBuffer(data: body)
            }
        }, afterResponse: { res in
            reply = Reply(status: res.status, headers: res.headers, body: Data(res.body.readableBytesView))
        })
        guard let reply else { throw TestFailure("no response") }
        return reply
    }

    func upload(_ measurements: [SiteMeasurement], probe: String? = nil, asn: Int? = nil,
                networkName: String? = nil, serial: Int = 1) async throws -> Reply {
        struct Body: Encodable {
            var probe: String?
            var listSerial: Int
            var asn: Int?
            var networkName: String?
            var measurements: [SiteMeasurement]
        }
        let data = try SiteMeasurement.encoder().encode(Body(probe: probe, listSerial: serial, asn: asn,
                                                             networkName: networkName, measurements: measurements))
        return try await send(.POST, "measurements", body: data)
    }
}

enum ProbeFixtures {
    static let siteAddress = "192.0.2.10"
    static let siteTitle = "Kara Tuman (fictional)"

    /// A blocked order for `target` (the full case workflow), returning the order.
    static func order(_ target: String, app: Application) async throws -> BlockOrder {
        let caseID = try await CaseFixtures.block(target: target, app: app)
        return try #require(try await BlockOrder.query(on: app.db).filter(\.$caseID == caseID).first())
    }

    /// What an uncensored vantage sees of a working site.
    static func working(_ order: BlockOrder, at: Date = Date(), resolver: String = "system") -> SiteMeasurement {
        SiteMeasurement(
            orderID: order.id, target: order.target, url: "https://\(order.target)/", measuredAt: at,
            dns: .init(resolver: resolver, addresses: [siteAddress], rcode: "NOERROR"),
            tcp: [.init(address: siteAddress, port: 443, connected: true)],
            tls: .init(serverName: order.target, address: siteAddress, handshake: true, certificateNames: [order.target]),
            http: .init(url: "https://\(order.target)/", status: 200, bodyLength: 5_000, title: siteTitle,
                        bodySHA256: String(repeating: "a", count: 64), headers: ["server": "fictional"]))
    }

    /// The probe's resolver answers NXDOMAIN: the block holds by DNS.
    static func dnsBlocked(_ order: BlockOrder, at: Date = Date()) -> SiteMeasurement {
        SiteMeasurement(orderID: order.id, target: order.target, url: "https://\(order.target)/", measuredAt: at,
                        dns: .init(resolver: "127.0.0.1:5353", addresses: [], rcode: "NXDOMAIN"))
    }

    /// Stores a control of the order, as the server's own measurement would be stored, and makes the
    /// app judge probes against the latest stored control (no network in tests).
    @discardableResult
    static func storeControl(_ order: BlockOrder, app: Application, at: Date = Date()) async throws -> MeasurementRecord {
        let record = MeasurementRecord()
        record.blockOrderID = order.id
        record.target = order.target
        record.vantage = MeasurementVantage.control.rawValue
        record.resolver = "system"
        record.measuredAt = at
        record.receivedAt = at
        record.verdict = BlockVerdict.accessible.rawValue
        record.reasons = "control"
        record.raw = String(decoding: try SiteMeasurement.encoder().encode(working(order, at: at)), as: UTF8.self)
        try await record.create(on: app.db)
        app.probeControlSource = ProbeControlSource { order, app in
            guard let found = try await MeasurementRecord.query(on: app.db).filter(\.$blockOrderID == order.id)
                .filter(\.$vantage == MeasurementVantage.control.rawValue).sort(\.$id, .descending).first()
            else { throw TestFailure("no control") }
            return found
        }
        return record
    }
}
