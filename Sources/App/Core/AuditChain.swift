import Crypto
import Evidence
import Foundation

/// The canonical form of an audit row and its hash. Pure: the same fields always give the same
/// hash, on SQLite and PostgreSQL alike, because times are hashed as whole milliseconds.
enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    struct Fields: Sendable, Equatable {
        var seq: Int
        var atMilliseconds: Int64
        var actorID: Int?
        var actorLabel: String
        var action: String
        var objectType: String
        var objectID: String?
        var details: String
        var prevHash: String
    }

    /// Each field is length-prefixed so that no choice of values can make two rows serialise alike.
    static func canonical(_ f: Fields) -> Data {
        var out = Data("kaiguul-audit-v1\n".utf8)
        func put(_ name: String, _ value: String?) {
            let v = value ?? "\u{0}null"
            let bytes = Data(v.utf8)
            out.append(Data("\(name):\(bytes.count):".utf8))
            out.append(bytes)
            out.append(0x0A)
        }
        put("seq", String(f.seq))
        put("at", String(f.atMilliseconds))
        put("actor_id", f.actorID.map(String.init))
        put("actor_label", f.actorLabel)
        put("action", f.action)
        put("object_type", f.objectType)
        put("object_id", f.objectID)
        put("details", f.details)
        put("prev_hash", f.prevHash)
        return out
    }

    static func hash(_ f: Fields) -> String {
        sha256Hex(canonical(f))
    }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// A date that survives a round trip through either database unchanged.
    static func roundedNow() -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(Date())) / 1000)
    }

    static func encodeDetails(_ details: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(details) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
