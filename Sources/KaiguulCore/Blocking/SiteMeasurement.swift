import Foundation

/// What one vantage point saw of one target at one time: its resolver's answer, a TCP connect to each
/// address, a TLS handshake with the target's name, one HTTP exchange. It is both what a probe uploads
/// (JSON, snake_case keys) and what the server's control measurement stores; verdicts compare two of
/// them. Every string is bounded by `SiteMeasurement.Limits` before it is stored.
public struct SiteMeasurement: Codable, Sendable, Hashable {
    /// The block order measured (from the signed list); nil for a control made for a probe's target.
    public var orderID: Int?
    /// The canonical target as listed (`BlockTarget.canonical`).
    public var target: String
    /// The URL fetched (https first, http when https fails before a response).
    public var url: String
    public var measuredAt: Date
    public var dns: DNS
    public var tcp: [TCPConnect]
    public var tls: TLS?
    public var http: HTTP?

    // Acronyms: `convertFromSnakeCase` reads `order_id` as `orderId`, never `orderID`, so these keys are
    // spelled the way the decoder will look for them (the encoder writes them as `order_id`).
    enum CodingKeys: String, CodingKey {
        case orderID = "orderId", target, url, measuredAt, dns, tcp, tls, http
    }

    public struct DNS: Codable, Sendable, Hashable {
        /// `system` or `IPv4[:port]`.
        public var resolver: String
        /// IPv4/IPv6 addresses answered, sorted.
        public var addresses: [String]
        /// `NOERROR`, `NXDOMAIN`, `SERVFAIL`, `REFUSED`, … or nil when no reply came.
        public var rcode: String?
        /// Why no reply came (`timeout`, `unreachable`, …); nil on a reply.
        public var failure: String?

        public init(resolver: String, addresses: [String] = [], rcode: String? = nil, failure: String? = nil) {
            self.resolver = resolver; self.addresses = addresses; self.rcode = rcode; self.failure = failure
        }
    }

    public struct TCPConnect: Codable, Sendable, Hashable {
        public var address: String
        public var port: Int
        public var connected: Bool
        /// `connection_refused`, `connection_reset`, `timeout`, `unreachable`, …; nil when connected.
        public var failure: String?

        public init(address: String, port: Int, connected: Bool, failure: String? = nil) {
            self.address = address; self.port = port; self.connected = connected; self.failure = failure
        }
    }

    public struct TLS: Codable, Sendable, Hashable {
        public var serverName: String
        public var address: String
        public var handshake: Bool
        public var failure: String?
        /// The leaf certificate's DNS names (subject alternative names), when the handshake got that far.
        public var certificateNames: [String]

        public init(serverName: String, address: String, handshake: Bool, failure: String? = nil,
                    certificateNames: [String] = []) {
            self.serverName = serverName; self.address = address; self.handshake = handshake
            self.failure = failure; self.certificateNames = certificateNames
        }
    }

    public struct HTTP: Codable, Sendable, Hashable {
        public var url: String
        public var status: Int?
        public var bodyLength: Int?
        public var title: String?
        /// SHA-256 (hex) of the body as read (up to the measurement's body limit).
        public var bodySHA256: String?
        /// The start of the body, for blockpage recognition only (never shown in public reports).
        public var bodyExcerpt: String?
        /// Response headers kept for blockpage recognition (`server`, `location`, `via`, …), lower-case names.
        public var headers: [String: String]
        public var failure: String?

        enum CodingKeys: String, CodingKey {
            case url, status, bodyLength, title, bodySHA256 = "bodySha256", bodyExcerpt, headers, failure
        }

        public init(url: String, status: Int? = nil, bodyLength: Int? = nil, title: String? = nil,
                    bodySHA256: String? = nil, bodyExcerpt: String? = nil, headers: [String: String] = [:],
                    failure: String? = nil) {
            self.url = url; self.status = status; self.bodyLength = bodyLength; self.title = title
            self.bodySHA256 = bodySHA256; self.bodyExcerpt = bodyExcerpt; self.headers = headers
            self.failure = failure
        }
    }

    /// Bounds a probe's upload is held to (the server refuses more, it does not cut).
    public enum Limits {
        public static let measurementsPerUpload = 5_000
        public static let addresses = 16
        public static let text = 2_048
        public static let bodyExcerpt = 4_096
        public static let headers = 24
        public static let certificateNames = 64
    }

    public init(orderID: Int?, target: String, url: String, measuredAt: Date, dns: DNS, tcp: [TCPConnect] = [],
                tls: TLS? = nil, http: HTTP? = nil) {
        self.orderID = orderID; self.target = target; self.url = url; self.measuredAt = measuredAt
        self.dns = dns; self.tcp = tcp; self.tls = tls; self.http = http
    }
}

extension SiteMeasurement {
    /// The wire form: snake_case keys (`body_sha256`, `certificate_names`), ISO 8601 dates.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
