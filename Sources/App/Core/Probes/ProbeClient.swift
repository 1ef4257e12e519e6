import Foundation
import KaiguulCore
import Vapor

/// The probe's side of the API: downloads the block list and checks its signature against the keys
/// the server publishes (and the fingerprint the operator pinned), then uploads measurements in
/// bounded batches. Used by `kaiguul probe`.
struct ProbeClient: Sendable {
    var server: String
    var token: String
    var pinnedFingerprint: String?
    var client: any Client

    /// One listed target to measure.
    struct Target: Sendable, Hashable {
        var orderID: Int
        var target: String
        var kind: String
    }

    struct List: Sendable {
        var serial: Int
        var targets: [Target]
        var fingerprint: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private func url(_ path: String) -> URI {
        URI(string: server.hasSuffix("/") ? String(server.dropLast()) + path : server + path)
    }

    private var headers: HTTPHeaders { [ProbeAPIController.tokenHeader: token, "Accept": "application/json"] }

    func downloadList() async throws -> List {
        let keysResponse = try await client.get(url("/.well-known/kaiguul-keys.json"))
        guard keysResponse.status == .ok, let keysBody = keysResponse.body else {
            throw Failure(description: "keys: the server answered \(keysResponse.status.code)")
        }
        let keys = try JSONDecoder().decode(KeysDocument.self, from: Data(keysBody.readableBytesView))
        let response = try await client.get(url("/api/v1/probe/blocklist"), headers: headers)
        guard response.status == .ok, let body = response.body else {
            throw Failure(description: "block list: the server answered \(response.status.code)"
                          + Self.errorText(response))
        }
        let bytes = Data(body.readableBytesView)
        do {
            try ProbeBlocklist.verify(body: bytes, signature: response.headers.first(name: ProbeBlocklist.signatureHeader),
                                      fingerprint: response.headers.first(name: ProbeBlocklist.fingerprintHeader),
                                      published: keys.keys, pinned: pinnedFingerprint)
        } catch {
            throw Failure(description: error.description)
        }
        return try Self.parseList(bytes, fingerprint: response.headers.first(name: ProbeBlocklist.fingerprintHeader) ?? "")
    }

    static func parseList(_ bytes: Data, fingerprint: String) throws -> List {
        struct Document: Decodable {
            struct Entry: Decodable {
                var order_id: String
                var kind: String
                var target: String
            }
            var serial: Int
            var entries: [Entry]
        }
        let document = try JSONDecoder().decode(Document.self, from: bytes)
        let targets = document.entries.compactMap { e in
            Int(e.order_id).map { Target(orderID: $0, target: e.target, kind: e.kind) }
        }
        return List(serial: document.serial, targets: targets, fingerprint: fingerprint)
    }

    struct UploadBody: Encodable {
        var listSerial: Int
        var asn: Int?
        var networkName: String?
        var measurements: [SiteMeasurement]
    }

    /// Measurements per request: well under the server's bound and its body limit.
    static let batchSize = 500

    func upload(_ measurements: [SiteMeasurement], serial: Int, asn: Int?, networkName: String?) async throws
        -> [ProbeIntake.Receipt]
    {
        var receipts: [ProbeIntake.Receipt] = []
        for start in stride(from: 0, to: measurements.count, by: Self.batchSize) {
            let batch = Array(measurements[start..<min(start + Self.batchSize, measurements.count)])
            let body = try SiteMeasurement.encoder().encode(UploadBody(listSerial: serial, asn: asn, networkName: networkName,
                                                                       measurements: batch))
            var headers = self.headers
            headers.contentType = .json
            let response = try await client.post(url("/api/v1/probe/measurements"), headers: headers) { req in
                req.body = ByteBuffer(data: body)
            }
            guard response.status == .created, let answer = response.body else {
                throw Failure(description: "upload: the server answered \(response.status.code)" + Self.errorText(response))
            }
            receipts.append(try JSONDecoder().decode(ProbeIntake.Receipt.self, from: Data(answer.readableBytesView)))
        }
        return receipts
    }

    /// The server's `{ "error", "field" }`, bounded, for the log.
    static func errorText(_ response: ClientResponse) -> String {
        struct Body: Decodable { var error: String; var field: String? }
        guard let body = response.body,
              let decoded = try? JSONDecoder().decode(Body.self, from: Data(body.readableBytesView)) else { return "" }
        return ": " + String(decoded.error.prefix(300)) + (decoded.field.map { " (\($0.prefix(100)))" } ?? "")
    }
}
