import Detection
import Foundation

/// A possible mirror as the triage queue keeps it: a `signals` row of kind `mirror` on the page's
/// item, whose details say which blocked site it looks like, on which case, block order and court
/// decision, and the evidence of the likeness (each agreeing fingerprint and how closely).
struct MirrorSignal: Codable, Sendable, Hashable {
    static let kind = "mirror"

    /// The blocked site's case (the one whose `report_mirror` step accepting this takes).
    var case_id: Int
    var block_order_id: Int
    var court_decision_id: Int
    var decision_number: String
    var covers_mirrors: Bool
    var original_host: String
    var original_fingerprint_id: Int
    var original_capture_id: Int?
    var candidate_host: String
    var candidate_fingerprint_id: Int
    /// The candidate's page capture, and its favicon's capture when one was taken.
    var capture_id: Int
    var favicon_capture_id: Int?
    var score: Double
    var agreements: [MirrorLikeness.Agreement]

    var encoded: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ details: String) -> MirrorSignal? {
        try? JSONDecoder().decode(MirrorSignal.self, from: Data(details.utf8))
    }
}

/// Host names as mirror detection compares them: lower-case, without `www.`.
enum MirrorHosts {
    static func host(of address: String) -> String? {
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 4_000 else { return nil }
        let withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed
        guard let host = URLComponents(string: withScheme)?.host?.lowercased(), !host.isEmpty else { return nil }
        return String(host.prefix(253))
    }

    static func same(_ a: String, _ b: String) -> Bool { bare(a) == bare(b) }

    static func bare(_ host: String) -> String {
        host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }
}
