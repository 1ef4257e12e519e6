import Foundation

/// A connection the guard proxy refused to an outside tool (Chromium, yt-dlp): what was asked and why.
/// A capture records these, so a page whose script reached for the private network says so.
public struct ProxyRefusal: Sendable, Equatable, Codable {
    public var host: String
    public var port: Int
    /// The absolute URL of a plain-HTTP request; nil for a CONNECT tunnel (the proxy sees host and port only).
    public var url: String?
    /// The resolved address that was refused, when the address guard refused it.
    public var address: String?
    public var reason: String
    public var date: Date

    public init(host: String, port: Int, url: String? = nil, address: String? = nil, reason: String, date: Date = Date()) {
        self.host = host
        self.port = port
        self.url = url
        self.address = address
        self.reason = reason
        self.date = date
    }
}
