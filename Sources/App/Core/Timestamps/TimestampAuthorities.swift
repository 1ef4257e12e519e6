import AsyncHTTPClient
import Evidence
import Foundation
import NIOCore
import Vapor

/// The RFC 3161 time-stamping authorities captures and audit checkpoints are sent to.
///
/// - `KAIGUUL_TSA_URLS`: comma-separated http(s) URLs; none means captures are hashed but not timestamped.
/// - `KAIGUUL_TSA_ROOTS`: a PEM file of the roots the authorities' certificates chain to; when set,
///   every answer is verified before it is kept (without it, only its shape and digest are checked).
/// - `KAIGUUL_TIMESTAMP_MINUTES`: how often an open WARC file is stamped at least (default 60).
struct TimestampAuthorities: Sendable {
    static let timeout: TimeAmount = .seconds(20)
    static let maximumURLs = 8
    static let maximumRootsBytes = 1 << 20

    var urls: [String]
    var trustedRootsPEM: String?
    var timestampMinutes: Int

    var isConfigured: Bool { !urls.isEmpty }

    static let none = TimestampAuthorities(urls: [], trustedRootsPEM: nil, timestampMinutes: 60)

    struct ConfigurationError: Error, CustomStringConvertible {
        var description: String
    }

    static func from(env: [String: String]) throws -> TimestampAuthorities {
        let urls = (env["KAIGUUL_TSA_URLS"] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard urls.count <= maximumURLs else {
            throw ConfigurationError(description: "KAIGUUL_TSA_URLS names more than \(maximumURLs) authorities")
        }
        for url in urls {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                  parsed.host?.isEmpty == false else {
                throw ConfigurationError(description: "KAIGUUL_TSA_URLS: not an http(s) URL: \(url.prefix(200))")
            }
        }
        var roots: String?
        if let path = env["KAIGUUL_TSA_ROOTS"], !path.isEmpty {
            let url = URL(fileURLWithPath: path)
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
            guard let size, size <= maximumRootsBytes, let text = try? String(contentsOf: url, encoding: .utf8),
                  text.contains("-----BEGIN CERTIFICATE-----") else {
                throw ConfigurationError(description: "KAIGUUL_TSA_ROOTS: \(path) is not a readable PEM file of certificates")
            }
            roots = text
        }
        var minutes = 60
        if let text = env["KAIGUUL_TIMESTAMP_MINUTES"], !text.isEmpty {
            guard let value = Int(text), (1...10_080).contains(value) else {
                throw ConfigurationError(description: "KAIGUUL_TIMESTAMP_MINUTES must be 1 to 10080, not \(text.prefix(40))")
            }
            minutes = value
        }
        return TimestampAuthorities(urls: urls, trustedRootsPEM: roots, timestampMinutes: minutes)
    }

    /// Asks every authority at once; returns one token per authority that answered with a good
    /// one, in the order of `urls`. An authority that fails is logged and skipped.
    /// Reads each answer through `client` with the 1 MiB bound streamed.
    func stamp(sha256: [UInt8], client: HTTPClient, logger: Logger) async -> [StampedToken] {
        await stamp(sha256: sha256, logger: logger) { url, query in
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/timestamp-query")
            request.headers.add(name: "Accept", value: "application/timestamp-reply")
            request.body = .bytes(ByteBuffer(bytes: query))
            let response = try await client.execute(request, timeout: Self.timeout)
            guard response.status == .ok else { throw ConfigurationError(description: "HTTP \(response.status.code)") }
            let body = try await response.body.collect(upTo: RFC3161.maximumResponseBytes)
            return Array(buffer: body)
        }
    }

    /// The same through Vapor's client (`app.client`), which collects the whole body before the
    /// 1 MiB bound can be applied; prefer `app.http.client.shared` where the memory matters.
    func stamp(sha256: [UInt8], client: any Client, logger: Logger) async -> [StampedToken] {
        await stamp(sha256: sha256, logger: logger) { url, query in
            var headers = HTTPHeaders()
            headers.add(name: .contentType, value: "application/timestamp-query")
            headers.add(name: .accept, value: "application/timestamp-reply")
            let request = ClientRequest(method: .POST, url: URI(string: url), headers: headers,
                                        body: ByteBuffer(bytes: query), timeout: Self.timeout)
            let response = try await client.send(request)
            guard response.status == .ok else { throw ConfigurationError(description: "HTTP \(response.status.code)") }
            let body = response.body ?? ByteBuffer()
            guard body.readableBytes <= RFC3161.maximumResponseBytes else {
                throw TimestampError.tooLarge(body.readableBytes)
            }
            return Array(buffer: body)
        }
    }

    private func stamp(sha256: [UInt8], logger: Logger,
                       post: @escaping @Sendable (String, [UInt8]) async throws -> [UInt8]) async -> [StampedToken] {
        guard sha256.count == 32 else {
            logger.error("timestamps: not a SHA-256 digest (\(sha256.count) bytes); nothing sent")
            return []
        }
        let roots = trustedRootsPEM
        let answers = await withTaskGroup(of: (Int, StampedToken?).self) { group in
            for (index, url) in urls.enumerated() {
                group.addTask {
                    do {
                        let nonce = RFC3161.makeNonce()
                        let response = try await Self.withDeadline {
                            try await post(url, RFC3161.request(sha256: sha256, nonce: nonce))
                        }
                        return (index, try await Self.check(response, sha256: sha256, nonce: nonce, roots: roots,
                                                            tsa: url))
                    } catch {
                        logger.warning("timestamps: time-stamping authority \(url) failed: \(error)")
                        return (index, nil)
                    }
                }
            }
            var answers: [(Int, StampedToken?)] = []
            for await answer in group { answers.append(answer) }
            return answers
        }
        return answers.sorted { $0.0 < $1.0 }.compactMap(\.1)
    }

    /// The token is kept only if it names this digest and nonce and, with roots configured, verifies.
    private static func check(_ response: [UInt8], sha256: [UInt8], nonce: [UInt8], roots: String?,
                              tsa: String) async throws -> StampedToken {
        let token = try TimestampToken.parse(response: response)
        guard token.imprint == sha256 else { throw ConfigurationError(description: "the token is for other data") }
        guard token.nonce == RFC3161.normalizedNonce(nonce) else {
            throw ConfigurationError(description: "the token answers another request (nonce)")
        }
        if let roots {
            let verdict = await TimestampVerifier.verify(response: response, sha256: sha256, trustedRootsPEM: roots,
                                                         nonce: nonce)
            if case .invalid(let reason) = verdict { throw ConfigurationError(description: reason) }
        }
        return StampedToken(tsa: tsa, genTime: token.genTime, response: Data(response))
    }

    /// A whole exchange (connect, send, read) gets the timeout, however slowly the answer drips.
    private static func withDeadline(_ body: @escaping @Sendable () async throws -> [UInt8]) async throws -> [UInt8] {
        try await withThrowingTaskGroup(of: [UInt8].self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .nanoseconds(timeout.nanoseconds))
                throw ConfigurationError(description: "no answer within \(timeout.nanoseconds / 1_000_000_000) s")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}
