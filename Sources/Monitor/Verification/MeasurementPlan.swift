import Foundation

/// What to measure for one listed target: its host, the URLs to GET (https first), the ports to
/// connect to, and where the TLS handshake goes. Block targets arrive in their canonical spelling:
/// `domain[:port]` or a URL.
struct MeasurementPlan: Sendable, Equatable {
    var host: String
    var urls: [String]
    var ports: [Int]
    /// The port of the TLS handshake; nil when the target is plain HTTP.
    var tlsPort: Int?

    init?(target: String) {
        let text = target.trimmingWhitespace()
        guard !text.isEmpty, text.utf8.count <= 2048 else { return nil }
        if text.contains("://") {
            guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
                scheme == "http" || scheme == "https", var host = components.encodedHost ?? components.host,
                !host.isEmpty
            else { return nil }
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            let port = components.port ?? (scheme == "https" ? 443 : 80)
            guard (1...65535).contains(port) else { return nil }
            self.host = host.lowercased()
            urls = [text]
            ports = [port]
            tlsPort = scheme == "https" ? port : nil
        } else {
            guard let components = URLComponents(string: "https://" + text),
                var host = components.encodedHost ?? components.host, !host.isEmpty,
                components.path.isEmpty || components.path == "/", components.query == nil
            else { return nil }
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            self.host = host.lowercased()
            let authority = Self.bracketed(self.host) + (components.port.map { ":\($0)" } ?? "")
            urls = ["https://\(authority)/", "http://\(authority)/"]
            if let port = components.port {
                guard (1...65535).contains(port) else { return nil }
                ports = [port]
                tlsPort = port
            } else {
                ports = [443, 80]
                tlsPort = 443
            }
        }
    }

    private static func bracketed(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }
}
