import Foundation
import KaiguulCore

/// What a probe uploads: its measurements of listed block orders, the list serial it measured from,
/// and the network it declares (used only when the probe was registered without one and the networks
/// table does not know its address).
///
/// Everything in it is hostile. Bounds are `SiteMeasurement.Limits`; a measurement over a bound is
/// refused with the path of the offending field (`measurements[3].dns.addresses`), never cut, so what
/// is stored is what the probe sent.
struct ProbeUpload: Decodable, Sendable {
    /// The probe's name; when given it must be the token's probe (a probe submits only for itself).
    var probe: String?
    var listSerial: Int?
    var asn: Int?
    var networkName: String?
    var measurements: [SiteMeasurement]

    /// Request bodies are bounded by the route before this is decoded.
    static let maxBodyBytes = 16 * 1_048_576
    /// How far a measurement's time may lie ahead of the server's clock, and how old it may be.
    static let clockSkew: TimeInterval = 10 * 60
    static let maxAge: TimeInterval = 30 * 86_400

    static func decode(_ body: Data) throws -> ProbeUpload {
        guard String(data: body, encoding: .utf8) != nil else {
            throw AppError(status: .badRequest, message: "error.invalid_utf8")
        }
        do {
            return try SiteMeasurement.decoder().decode(ProbeUpload.self, from: body)
        } catch let error as DecodingError {
            throw AppError(status: .badRequest, message: "probes.error.body", field: Self.path(of: error))
        }
    }

    private static func path(of error: DecodingError) -> String? {
        let context: DecodingError.Context? = switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): c
        case .keyNotFound(let key, let c): DecodingError.Context(codingPath: c.codingPath + [key], debugDescription: "")
        @unknown default: nil
        }
        guard let context, !context.codingPath.isEmpty else { return nil }
        var path = ""
        for key in context.codingPath {
            if let index = key.intValue { path += "[\(index)]" } else {
                path += (path.isEmpty ? "" : ".") + snake(key.stringValue)
            }
        }
        return String(path.prefix(200))
    }

    private static func snake(_ key: String) -> String {
        key.unicodeScalars.reduce(into: "") { out, c in
            if CharacterSet.uppercaseLetters.contains(c) { out += "_" + String(c).lowercased() } else { out.unicodeScalars.append(c) }
        }
    }

    /// Refuses the whole upload at its first bad field.
    func validate(now: Date = Date()) throws {
        typealias L = SiteMeasurement.Limits
        guard !measurements.isEmpty else { throw Self.invalid("measurements", "probes.error.no_measurements") }
        guard measurements.count <= L.measurementsPerUpload else {
            throw Self.invalid("measurements", "probes.error.too_many", ["max": String(L.measurementsPerUpload)])
        }
        if let probe { try Self.line(probe, "probe", max: 100) }
        if let listSerial, listSerial < 0 { throw Self.invalid("list_serial", "probes.error.measurement") }
        if let asn, !(1...4_294_967_295).contains(asn) { throw Self.invalid("asn", "probes.error.asn") }
        if let networkName { try Self.line(networkName, "network_name", max: 200) }
        for (i, m) in measurements.enumerated() {
            try Self.check(m, at: "measurements[\(i)]", now: now)
        }
    }

    private static func check(_ m: SiteMeasurement, at p: String, now: Date) throws {
        typealias L = SiteMeasurement.Limits
        guard let order = m.orderID, order > 0 else { throw invalid("\(p).order_id", "probes.error.order") }
        _ = order
        try line(m.target, "\(p).target", max: L.text, required: true)
        try url(m.url, "\(p).url")
        guard m.measuredAt <= now.addingTimeInterval(clockSkew), m.measuredAt >= now.addingTimeInterval(-maxAge) else {
            throw invalid("\(p).measured_at", "probes.error.measured_at")
        }
        try line(m.dns.resolver, "\(p).dns.resolver", max: 64, required: true)
        try addresses(m.dns.addresses, "\(p).dns.addresses", max: L.addresses)
        if let rcode = m.dns.rcode {
            guard (1...16).contains(rcode.count), rcode.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
                throw invalid("\(p).dns.rcode", "probes.error.measurement")
            }
        }
        if let failure = m.dns.failure { try line(failure, "\(p).dns.failure", max: L.text) }
        // One connect per address and port (80 and 443 at most).
        guard m.tcp.count <= 2 * L.addresses else { throw invalid("\(p).tcp", "probes.error.measurement") }
        for (j, c) in m.tcp.enumerated() {
            try addresses([c.address], "\(p).tcp[\(j)].address", max: 1)
            guard (1...65_535).contains(c.port) else { throw invalid("\(p).tcp[\(j)].port", "probes.error.measurement") }
            if let failure = c.failure { try line(failure, "\(p).tcp[\(j)].failure", max: L.text) }
        }
        if let tls = m.tls {
            try line(tls.serverName, "\(p).tls.server_name", max: 253, required: true)
            try addresses([tls.address], "\(p).tls.address", max: 1)
            if let failure = tls.failure { try line(failure, "\(p).tls.failure", max: L.text) }
            guard tls.certificateNames.count <= L.certificateNames else {
                throw invalid("\(p).tls.certificate_names", "probes.error.measurement")
            }
            for name in tls.certificateNames { try line(name, "\(p).tls.certificate_names", max: 253, required: true) }
        }
        if let http = m.http {
            try url(http.url, "\(p).http.url")
            if let status = http.status, !(100...599).contains(status) {
                throw invalid("\(p).http.status", "probes.error.measurement")
            }
            if let length = http.bodyLength, !(0...(1 << 40)).contains(length) {
                throw invalid("\(p).http.body_length", "probes.error.measurement")
            }
            if let title = http.title { try text(title, "\(p).http.title", max: L.text) }
            if let digest = http.bodySHA256,
               !(digest.count == 64 && digest.allSatisfy({ $0.isHexDigit && !$0.isUppercase })) {
                throw invalid("\(p).http.body_sha256", "probes.error.measurement")
            }
            if let excerpt = http.bodyExcerpt { try text(excerpt, "\(p).http.body_excerpt", max: L.bodyExcerpt) }
            guard http.headers.count <= L.headers else { throw invalid("\(p).http.headers", "probes.error.measurement") }
            for (name, value) in http.headers {
                guard (1...64).contains(name.count),
                      name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
                    throw invalid("\(p).http.headers", "probes.error.measurement")
                }
                try line(value, "\(p).http.headers.\(name)", max: L.text)
            }
            if let failure = http.failure { try line(failure, "\(p).http.failure", max: L.text) }
        }
    }

    static func invalid(_ field: String, _ key: String, _ values: [String: String] = [:]) -> AppError {
        AppError.invalid(field, key, values)
    }

    /// One line: bounded, no control characters at all.
    private static func line(_ value: String, _ field: String, max: Int, required: Bool = false) throws {
        guard value.count <= max, !required || !value.isEmpty,
              !value.unicodeScalars.contains(where: { FieldRules.isForbidden($0) || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        else { throw invalid(field, "probes.error.measurement") }
    }

    /// Page text (titles, the start of a body): bounded, tabs and newlines allowed, other controls not.
    private static func text(_ value: String, _ field: String, max: Int) throws {
        guard value.count <= max, !value.unicodeScalars.contains(where: FieldRules.isForbidden) else {
            throw invalid(field, "probes.error.measurement")
        }
    }

    private static func url(_ value: String, _ field: String) throws {
        try line(value, field, max: SiteMeasurement.Limits.text, required: true)
        let lower = value.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw invalid(field, "probes.error.measurement")
        }
    }

    private static func addresses(_ values: [String], _ field: String, max: Int) throws {
        guard values.count <= max else { throw invalid(field, "probes.error.measurement") }
        // An address alone: no port, no brackets, no range.
        for value in values where ClientIP(value) == nil || value.count > 45 || value.contains("/") || value.contains("[")
            || value.filter({ $0 == ":" }).count == 1 {
            throw invalid(field, "probes.error.address")
        }
    }
}
