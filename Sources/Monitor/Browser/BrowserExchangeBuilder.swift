import Foundation
import NIOHTTP1

/// Turns a hop the browser saw into an `HTTPExchange` whose heads match the body stored: the
/// browser hands over bodies with `Content-Encoding` already undone, so the response head loses
/// `Content-Encoding` and `Transfer-Encoding` and states the stored length (the encoding the server
/// sent is kept apart, `BrowserCaptureResult.originalEncodings`).
enum BrowserExchangeBuilder {
    struct Built {
        var exchange: HTTPExchange
        var originalEncoding: String?
    }

    /// Hop-by-hop and proxy headers the origin server never saw.
    private static let proxyOnlyRequestHeaders: Set<String> = ["proxy-connection", "proxy-authorization"]
    private static let droppedResponseHeaders: Set<String> = ["content-encoding", "transfer-encoding", "content-length"]

    static func build(
        _ hop: NetworkLog.Hop, sentHeaders: [(name: String, value: String)]?, extra: NetworkLog.ExtraResponse?,
        body: [UInt8], truncation: TruncationReason?, proxy: String
    ) -> Built? {
        guard let response = hop.response, let components = URLComponents(string: hop.url) else { return nil }
        let status = response["status"]?.int ?? 0
        let httpVersion = version(response["protocol"]?.string)
        var reason = response["statusText"]?.string ?? ""

        // Request: origin form, as the server (behind the proxy) received it.
        var requestHeaders = (sentHeaders ?? hop.headers).filter {
            !proxyOnlyRequestHeaders.contains($0.name.lowercased()) && !$0.name.hasPrefix(":")
        }
        if !requestHeaders.contains(where: { $0.name.lowercased() == "host" }), let host = components.host {
            let port = components.port.map { ":\($0)" } ?? ""
            let bracketed = host.contains(":") ? "[\(host)]" : host
            requestHeaders.insert((name: "Host", value: bracketed + port), at: 0)
        }
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?\(query)" }
        let requestHead = Array(("\(hop.method) \(target) \(httpVersion)\r\n"
            + requestHeaders.map { "\($0.name): \(clean($0.value))\r\n" }.joined() + "\r\n").utf8)

        // Response: headers as received when the browser kept the raw text (HTTP/1), else its object.
        var received = extra?.headers ?? NetworkLog.headers(response["headers"])
        if let text = extra?.headersText {
            let parsed = parse(headersText: text)
            if !parsed.headers.isEmpty { received = parsed.headers }
            if reason.isEmpty, let parsedReason = parsed.reason { reason = parsedReason }
        }
        if reason.isEmpty { reason = HTTPResponseStatus(statusCode: status).reasonPhrase }
        let encoding = received.first { $0.name.lowercased() == "content-encoding" }?.value
            .trimmingCharacters(in: .whitespaces)
        var responseHeaders = received.filter {
            !droppedResponseHeaders.contains($0.name.lowercased()) && !$0.name.hasPrefix(":")
        }
        responseHeaders.append((name: "Content-Length", value: "\(body.count)"))
        let responseHead = Array(("\(httpVersion) \(status) \(clean(reason))\r\n"
            + responseHeaders.map { "\($0.name): \(clean($0.value))\r\n" }.joined() + "\r\n").utf8)

        let started = Date(timeIntervalSince1970: hop.wallTime)
        let toHeaders = hop.responseTimestamp.map { Duration.seconds(max(0, $0 - hop.timestamp)) } ?? .zero
        let total = hop.finished.map { Duration.seconds(max(0, $0 - hop.timestamp)) } ?? toHeaders
        let exchange = HTTPExchange(
            url: hop.url, remoteAddress: remoteAddress(components.host), proxy: proxy,
            requestHead: requestHead, requestHeaders: requestHeaders, status: status, reasonPhrase: reason,
            httpVersion: httpVersion, responseHeaders: responseHeaders, responseHead: responseHead,
            rawBody: body, body: body, truncation: truncation, decodingLimit: nil,
            timings: FetchTimings(started: started, resolution: .zero, toHeaders: toHeaders, total: total))
        let undone = encoding.flatMap { $0.isEmpty || $0.lowercased() == "identity" ? nil : $0 }
        return Built(exchange: exchange, originalEncoding: undone)
    }

    /// The address the proxy was asked to reach: known from the browser's side only when the URL
    /// names an IP address (for a name, the proxy resolved and checked it, the browser never saw it).
    static func remoteAddress(_ host: String?) -> String {
        guard var host else { return "" }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return IPAddress(host) != nil ? host : ""
    }

    /// WARC stores HTTP/1.x heads; an HTTP/2 or HTTP/3 exchange is written as HTTP/1.1, as other
    /// browser-based archivers do, so replay tools can read it.
    static func version(_ protocolName: String?) -> String {
        switch protocolName?.lowercased() {
        case "http/1.0": "HTTP/1.0"
        default: "HTTP/1.1"
        }
    }

    static func parse(headersText: String) -> (reason: String?, headers: [(name: String, value: String)]) {
        var lines = headersText.components(separatedBy: "\r\n")
        guard !lines.isEmpty else { return (nil, []) }
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        let reason = parts.count == 3 ? String(parts[2]) : nil
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((name: String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                            value: String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        return (reason, headers)
    }

    /// A header value must not break the head it is written into.
    private static func clean(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }.map(Character.init))
    }
}
