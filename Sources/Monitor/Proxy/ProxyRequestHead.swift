/// A request head as a proxy client sends it, read strictly: the tool on the other side runs a
/// crawled page's scripts, so anything ambiguous (bare LF, folded headers, two lengths, a chunked
/// upload) is refused rather than guessed at.
struct ProxyRequestHead: Sendable, Equatable {
    var method: String
    var target: String
    var version: String
    var headers: [Header]

    struct Header: Sendable, Equatable {
        var name: String
        var value: String
    }

    static let maximumHeaders = 128

    /// Parses the bytes up to and including the blank line that ends the head.
    static func parse(_ bytes: [UInt8]) -> Result<ProxyRequestHead, ProxyRequestError> {
        guard bytes.count >= 4, bytes.suffix(4).elementsEqual([13, 10, 13, 10]) else {
            return .failure(.malformed("head does not end with a blank line"))
        }
        // NUL or a lone CR or LF anywhere is refused: lines are CRLF-separated and nothing else.
        var index = 0
        while index < bytes.count - 2 {
            let byte = bytes[index]
            if byte == 0 { return .failure(.malformed("NUL in head")) }
            if byte == 13 {
                guard bytes[index + 1] == 10 else { return .failure(.malformed("bare CR")) }
                index += 2
                continue
            }
            if byte == 10 { return .failure(.malformed("bare LF")) }
            index += 1
        }
        let text = String(decoding: bytes.dropLast(4), as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst()
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .failure(.malformed("request line is not METHOD TARGET VERSION")) }
        let method = String(parts[0])
        let target = String(parts[1])
        let version = String(parts[2])
        guard !method.isEmpty, method.utf8.allSatisfy(isTokenByte) else {
            return .failure(.malformed("invalid method"))
        }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return .failure(.malformed("unsupported version \(version.prefix(20))"))
        }
        guard !target.isEmpty, target.utf8.count <= 8192, target.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
            return .failure(.malformed("invalid request target"))
        }
        guard lines.count <= maximumHeaders else { return .failure(.malformed("too many headers")) }
        var headers: [Header] = []
        for line in lines {
            if line.first == " " || line.first == "\t" { return .failure(.malformed("folded header line")) }
            guard let colon = line.firstIndex(of: ":") else { return .failure(.malformed("header line without colon")) }
            let name = String(line[..<colon])
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                return .failure(.malformed("invalid header name"))
            }
            let value = String(line[line.index(after: colon)...]).trimmingWhitespace()
            guard value.utf8.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) }) else {
                return .failure(.malformed("control character in header \(name.prefix(40))"))
            }
            headers.append(Header(name: name, value: value))
        }
        return .success(ProxyRequestHead(method: method, target: target, version: version, headers: headers))
    }

    /// RFC 9110 `tchar`.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name }.map(\.value)
    }

    /// The request body's length: 0 when none is declared. A chunked or otherwise transfer-coded
    /// upload, or conflicting lengths, are refused (the proxy forwards exactly one request and must
    /// know where it ends).
    func bodyLength() -> Result<Int, ProxyRequestError> {
        if !values("transfer-encoding").isEmpty { return .failure(.lengthRequired) }
        let lengths = Set(values("content-length").flatMap { $0.split(separator: ",").map { String($0).trimmingWhitespace() } })
        guard lengths.count <= 1 else { return .failure(.malformed("conflicting Content-Length")) }
        guard let text = lengths.first else { return .success(0) }
        guard text.utf8.count <= 15, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let length = Int(text) else {
            return .failure(.malformed("invalid Content-Length"))
        }
        return .success(length)
    }

    /// `host:port` of a CONNECT request. A name must look like a DNS name; an IPv6 literal is bracketed.
    static func parseAuthority(_ authority: String) -> (host: String, port: Int)? {
        guard let colon = authority.lastIndex(of: ":") else { return nil }
        var host = String(authority[..<colon])
        let portText = authority[authority.index(after: colon)...]
        guard !portText.isEmpty, portText.count <= 5, portText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let port = Int(portText), (1...65535).contains(port)
        else { return nil }
        if host.hasPrefix("[") {
            guard host.hasSuffix("]"), let address = IPAddress(host), !address.isIPv4 else { return nil }
            host = String(host.dropFirst().dropLast())
            return (host, port)
        }
        if IPAddress(host) != nil { return host.contains(":") ? nil : (host, port) }
        guard isHostName(host) else { return nil }
        return (host.lowercased(), port)
    }

    /// Letters, digits, hyphens, underscores (seen in real subdomains) and dots; labels of 1–63, 253 in all.
    static func isHostName(_ host: String) -> Bool {
        var name = Substring(host)
        if name.hasSuffix(".") { name = name.dropLast() }
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy {
                    ($0 >= 97 && $0 <= 122) || ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95
                }
        }
    }

    /// Headers that belong to the hop between the tool and the proxy, or that would change how the
    /// one forwarded request ends (upgrades, 100-continue, trailers), plus any the client named in
    /// `Connection`. `Host` is written from the checked URL, never taken from the client.
    func forwardedHeaders() -> [Header] {
        var dropped: Set<String> = [
            "connection", "proxy-connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "te",
            "trailer", "transfer-encoding", "upgrade", "expect", "host",
        ]
        for value in values("connection") {
            for token in value.split(separator: ",") { dropped.insert(String(token).trimmingWhitespace().lowercased()) }
        }
        // Content-Length is always kept (as checked by `bodyLength`), whatever `Connection` says.
        dropped.remove("content-length")
        return headers.filter { !dropped.contains($0.name.lowercased()) }
    }

    /// The head sent upstream for an absolute-form request: origin form, the checked host, one request.
    func originForm(requestTarget: String, hostHeader: String) -> [UInt8] {
        var text = "\(method) \(requestTarget) HTTP/1.1\r\nHost: \(hostHeader)\r\n"
        for header in forwardedHeaders() { text += "\(header.name): \(header.value)\r\n" }
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }
}

/// Why a request never reached the address checks.
enum ProxyRequestError: Error, Equatable {
    case malformed(String)
    case headTooLarge
    case lengthRequired

    var status: String {
        switch self {
        case .malformed: "400 Bad Request"
        case .headTooLarge: "431 Request Header Fields Too Large"
        case .lengthRequired: "411 Length Required"
        }
    }

    var message: String {
        switch self {
        case .malformed(let why): "malformed proxy request: \(why)"
        case .headTooLarge: "request head too large"
        case .lengthRequired: "a request body must have a Content-Length (no transfer coding)"
        }
    }
}
