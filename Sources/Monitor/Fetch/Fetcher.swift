import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Fetches one URL within limits and returns what happened as plain values (`FetchResult`); App
/// writes the exchanges to WARC. Never throws: every way a fetch can end is an outcome.
///
/// Redirects are followed here, not by the HTTP client, so every hop is checked: scheme, credentials,
/// DNS resolution and the address guard, then a connection pinned to the checked address.
public final class Fetcher: Sendable {
    public let configuration: FetcherConfiguration
    // Internal, not private: the guard proxy (Proxy/) resolves, checks and spaces with the same three.
    let resolver: any HostResolver
    let addressGuard: AddressGuard
    let politeness: HostPoliteness
    private let clients: ClientPool

    public init(configuration: FetcherConfiguration, resolver: any HostResolver = SystemResolver()) {
        self.configuration = configuration
        self.resolver = resolver
        self.addressGuard = AddressGuard(allowed: configuration.allowedNetworks)
        self.politeness = HostPoliteness(
            minimumDelay: configuration.minimumDelayPerHost, maximumConcurrent: configuration.maximumConcurrentPerHost
        )
        self.clients = ClientPool(configuration: configuration)
    }

    /// Closes every connection. Call before the process (or test) ends.
    public func shutdown() async {
        await clients.shutdown()
    }

    /// - Parameters:
    ///   - acceptedContentTypes: media types the final response may have (an adapter's
    ///     `acceptedContentTypes`); nil accepts any. Checked on the response head, before the body is read.
    ///   - extraHeaders: e.g. `If-None-Match`; `Host`, `User-Agent` and `Accept-Encoding` are always ours.
    public func fetch(
        _ url: String, acceptedContentTypes: Set<String>? = nil, extraHeaders: [(String, String)] = []
    ) async -> FetchResult {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: configuration.totalTimeout)
        var result = FetchResult(requestedURL: url, exchanges: [], outcome: .complete)
        var current = url
        var redirects = 0
        while true {
            let target: Target
            switch Target.parse(current) {
            case .success(let parsed): target = parsed
            case .failure(let failure):
                result.outcome = .failed(failure)
                return result
            }
            let hop = await fetchHop(
                target, deadline: deadline, accepted: acceptedContentTypes, extraHeaders: extraHeaders)
            result.exchanges.append(contentsOf: hop.exchanges)
            if let failure = hop.failure {
                result.outcome = .failed(failure)
                return result
            }
            guard let last = hop.exchanges.last else {
                result.outcome = .failed(.connectionFailed("no response"))
                return result
            }
            if [301, 302, 303, 307, 308].contains(last.status) {
                guard let location = last.header("location"),
                    let next = LinkResolver(base: target.url).resolve(location)
                else {
                    // A Location we cannot follow (non-HTTP scheme, garbage) ends the fetch here.
                    let scheme = last.header("location").flatMap { URLComponents(string: $0)?.scheme }
                    if let scheme, !["http", "https"].contains(scheme.lowercased()) {
                        result.outcome = .failed(.unsupportedScheme(scheme))
                    } else {
                        result.outcome = .failed(.redirectWithoutLocation(status: last.status))
                    }
                    return result
                }
                redirects += 1
                if redirects > configuration.maximumRedirects {
                    result.outcome = .failed(.tooManyRedirects(configuration.maximumRedirects))
                    return result
                }
                current = next
                continue
            }
            if let failure = hop.contentTypeFailure {
                result.outcome = .failed(failure)
            } else if last.truncation != nil || last.decodingLimit != nil {
                result.outcome = .truncated(last.truncation, last.decodingLimit)
            }
            return result
        }
    }

    // MARK: One hop, with retries

    private struct HopResult {
        var exchanges: [HTTPExchange] = []
        var failure: FetchFailure?
        var contentTypeFailure: FetchFailure?
    }

    private func fetchHop(
        _ target: Target, deadline: ContinuousClock.Instant, accepted: Set<String>?, extraHeaders: [(String, String)]
    ) async -> HopResult {
        var hop = HopResult()
        let clock = ContinuousClock()
        var attempt = 0
        while true {
            attempt += 1
            let resolutionStart = clock.now
            let address: IPAddress
            switch await resolveAndCheck(target) {
            case .success(let checked): address = checked
            case .failure(let failure):
                hop.failure = failure
                return hop
            }
            let resolution = clock.now - resolutionStart
            let outcome = await politeness.run(host: target.host) { () -> AttemptOutcome in
                guard clock.now < deadline else { return .failure(.totalTimeout) }
                return await self.attempt(
                    target, address: address, resolution: resolution, deadline: deadline,
                    accepted: accepted, extraHeaders: extraHeaders)
            }
            var retryable = false
            switch outcome {
            case .response(let exchange, let contentTypeFailure):
                hop.exchanges.append(exchange)
                hop.contentTypeFailure = contentTypeFailure
                retryable = exchange.status >= 500 && exchange.truncation == nil
            case .failure(let failure):
                hop.failure = failure
                retryable = failure == .connectTimeout || failure == .readTimeout
            }
            guard retryable, attempt < configuration.maximumAttempts else { return hop }
            let backoff = backoffDuration(attempt: attempt)
            guard clock.now.advanced(by: backoff) < deadline else { return hop }
            try? await Task.sleep(for: backoff)
            if Task.isCancelled {
                hop.failure = .cancelled
                return hop
            }
            hop.failure = nil
        }
    }

    /// Exponential, capped, with jitter so that many workers do not retry in step.
    private func backoffDuration(attempt: Int) -> Duration {
        let base = configuration.initialBackoff * (1 << min(attempt - 1, 16))
        let capped = min(base, configuration.maximumBackoff)
        return capped * Double.random(in: 0.75...1.25)
    }

    private func resolveAndCheck(_ target: Target) async -> Result<IPAddress, FetchFailure> {
        let candidates: [IPAddress]
        if let literal = IPAddress(target.host) {
            candidates = [literal]
        } else {
            do {
                candidates = try await resolver.resolve(host: target.host, port: target.port)
            } catch {
                return .failure(error)
            }
        }
        // Every address must pass: a name that also points inside is refused, whichever one a
        // connection would have picked.
        for candidate in candidates {
            if case .refused(let reason) = addressGuard.check(candidate) {
                return .failure(.addressRefused(host: target.host, address: candidate.description, reason: reason))
            }
        }
        guard let chosen = candidates.first(where: \.isIPv4) ?? candidates.first else {
            return .failure(.resolutionFailed(host: target.host, message: "no addresses"))
        }
        return .success(chosen)
    }

    // MARK: One attempt

    private enum AttemptOutcome: Sendable {
        case response(HTTPExchange, contentTypeFailure: FetchFailure?)
        case failure(FetchFailure)
    }

    private func attempt(
        _ target: Target, address: IPAddress, resolution: Duration, deadline: ContinuousClock.Instant,
        accepted: Set<String>?, extraHeaders: [(String, String)]
    ) async -> AttemptOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let startedDate = Date()
        let (client, clientKey) = await clients.checkOut(host: target.host, address: address)
        defer { Task { await clients.release(key: clientKey) } }
        var request = HTTPClientRequest(url: target.url)
        request.method = .GET
        var headers: [(name: String, value: String)] = [
            ("Host", target.hostHeader), ("User-Agent", configuration.userAgent),
            ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            ("Accept-Encoding", "gzip, deflate, br"),
        ]
        let reserved: Set<String> = ["host", "user-agent", "accept-encoding", "content-length", "transfer-encoding"]
        for (name, value) in extraHeaders where !reserved.contains(name.lowercased()) {
            headers.append((name, value))
        }
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        let requestHead = Array(
            ("GET \(target.requestTarget) HTTP/1.1\r\n" + headers.map { "\($0.name): \($0.value)\r\n" }.joined()
                + "\r\n")
                .utf8
        )
        let remaining = deadline - clock.now
        guard remaining > .zero else { return .failure(.totalTimeout) }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: .now() + remaining.timeAmount)
        } catch {
            return .failure(Self.failure(from: error))
        }
        let toHeaders = clock.now - started
        let responseHeaders = response.headers.map { (name: $0.name, value: $0.value) }
        var exchange = HTTPExchange(
            url: target.url, remoteAddress: address.description,
            proxy: configuration.proxy?.description, requestHead: requestHead, requestHeaders: headers,
            status: Int(response.status.code), reasonPhrase: response.status.reasonPhrase,
            httpVersion: "HTTP/\(response.version.major).\(response.version.minor)", responseHeaders: responseHeaders,
            responseHead: Self.responseHead(response), rawBody: [], body: [], truncation: nil, decodingLimit: nil,
            timings: FetchTimings(started: startedDate, resolution: resolution, toHeaders: toHeaders, total: toHeaders)
        )
        // Refuse an unwanted type before reading its body; redirects and errors are always read.
        if let accepted, !accepted.isEmpty, (200..<300).contains(exchange.status) {
            let type = exchange.contentType.flatMap(ContentType.init(parsing:))?.mediaType ?? ""
            if !accepted.contains(type) {
                exchange.truncation = .unspecified
                return .response(exchange, contentTypeFailure: .unacceptableContentType(type.isEmpty ? "(none)" : type))
            }
        }
        let read = await Self.readBody(
            response.body, limit: configuration.maximumBodyBytes, deadline: deadline,
            expected: exchange.header("content-length").flatMap(Int.init))
        let raw = read.bytes
        exchange.truncation = read.truncation
        let decoded = ContentDecoder.decode(
            raw, contentEncoding: exchange.header("content-encoding"),
            maximumBytes: configuration.maximumDecodedBytes, maximumRatio: configuration.maximumCompressionRatio
        )
        exchange.rawBody = raw
        exchange.body = decoded.bytes
        // A body cut short cannot decode to its end; that is the truncation, not a corrupt stream.
        exchange.decodingLimit = exchange.truncation != nil && decoded.limit == .corruptStream ? nil : decoded.limit
        exchange.timings.total = clock.now - started
        return .response(exchange, contentTypeFailure: nil)
    }

    private struct BodyRead: Sendable {
        var bytes: [UInt8]
        var truncation: TruncationReason?
    }

    /// Reads the body up to `limit` bytes and no later than `deadline`. The HTTP client's deadline
    /// covers only the response head, so a server dripping its body slowly is cut here.
    private static func readBody(
        _ body: HTTPClientResponse.Body, limit: Int, deadline: ContinuousClock.Instant, expected: Int?
    ) async -> BodyRead {
        await withTaskGroup(of: BodyRead?.self) { group in
            group.addTask {
                var read = BodyRead(bytes: [], truncation: nil)
                if let expected, expected > 0 { read.bytes.reserveCapacity(min(expected, limit)) }
                do {
                    for try await buffer in body {
                        let room = limit - read.bytes.count
                        if buffer.readableBytes > room {
                            read.bytes.append(contentsOf: buffer.readableBytesView.prefix(room))
                            read.truncation = .length
                            return read
                        }
                        read.bytes.append(contentsOf: buffer.readableBytesView)
                    }
                    // A cancelled stream ends quietly; only the deadline cancels it.
                    if Task.isCancelled { read.truncation = .time }
                } catch {
                    switch failure(from: error) {
                    case .totalTimeout, .readTimeout, .cancelled: read.truncation = .time
                    default: read.truncation = .disconnect
                    }
                }
                return read
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            var result = BodyRead(bytes: [], truncation: .unspecified)
            while let next = await group.next() {
                guard let read = next else {
                    group.cancelAll()
                    continue
                }
                result = read
                group.cancelAll()
            }
            return result
        }
    }

    private static func responseHead(_ response: HTTPClientResponse) -> [UInt8] {
        var text = "HTTP/\(response.version.major).\(response.version.minor) \(response.status.code)"
        text += " \(response.status.reasonPhrase)\r\n"
        for header in response.headers { text += "\(header.name): \(header.value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    static func failure(from error: any Error) -> FetchFailure {
        if error is CancellationError { return .cancelled }
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout, .tlsHandshakeTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout:
                return .connectTimeout
            case .readTimeout: return .readTimeout
            case .deadlineExceeded: return .totalTimeout
            case .cancelled: return .cancelled
            default: return .connectionFailed(String(describing: client))
            }
        }
        let text = String(describing: error)
        if text.contains("connectTimeout") { return .connectTimeout }
        return .connectionFailed(text)
    }
}

/// A URL that passed the checks that need no network: http(s), no credentials, a host, a sane port.
struct Target: Sendable {
    let url: String
    let scheme: String
    let host: String
    let port: Int
    /// Path and query as sent in the request line.
    let requestTarget: String
    let hostHeader: String

    static func parse(_ text: String) -> Result<Target, FetchFailure> {
        // Through URL first: it turns an internationalised host into punycode and escapes the path.
        let trimmed = text.trimmingWhitespace()
        let encoded = URL(string: trimmed)?.absoluteString ?? trimmed
        guard text.utf8.count <= 8192, let components = URLComponents(string: encoded) else {
            return .failure(.invalidURL(text))
        }
        let scheme = (components.scheme ?? "").lowercased()
        guard scheme == "http" || scheme == "https" else { return .failure(.unsupportedScheme(scheme)) }
        guard components.user == nil, components.password == nil else { return .failure(.credentialsInURL) }
        // `encodedHost` keeps punycode; `host` would turn it back into Unicode.
        guard var host = components.encodedHost ?? components.host, !host.isEmpty else {
            return .failure(.invalidURL(text))
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let defaultPort = scheme == "https" ? 443 : 80
        let port = components.port ?? defaultPort
        guard (1...65535).contains(port) else { return .failure(.invalidURL(text)) }
        var requestTarget = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { requestTarget += "?" + query }
        let hostText = host.contains(":") ? "[\(host)]" : host
        var hostHeader = hostText
        if port != defaultPort { hostHeader += ":\(port)" }
        var canonical = components
        canonical.fragment = nil
        guard let url = canonical.string else { return .failure(.invalidURL(text)) }
        return .success(
            Target(
                url: url, scheme: scheme, host: host, port: port, requestTarget: requestTarget,
                hostHeader: hostHeader))
    }
}
