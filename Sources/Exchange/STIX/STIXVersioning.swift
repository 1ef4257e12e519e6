import Crypto
import Foundation

/// When a published object needs a new version, and which `modified` it gets. An object is compared
/// with its last published version without `modified` (the digest below), so rebuilding it from the
/// same records writes nothing. STIX 2.1 §3.6: a new version's `modified` is later than the last one's;
/// a revoked object gets no further versions; an observable has no versions at all (its id is its
/// content).
public enum STIXVersioning {
    public struct Published: Sendable, Hashable {
        public var modified: String
        public var revoked: Bool
        public var digest: String
        /// The first version's `created` and `valid_from`: they never change across versions.
        public var created: String?
        public var validFrom: String?

        public init(modified: String, revoked: Bool, digest: String, created: String? = nil, validFrom: String? = nil) {
            self.modified = modified
            self.revoked = revoked
            self.digest = digest
            self.created = created
            self.validFrom = validFrom
        }

        /// What a stored version says about itself.
        public init(stored object: JSONValue, modified: String, revoked: Bool) {
            self.init(modified: modified, revoked: revoked, digest: STIXVersioning.digest(object),
                      created: object["created"]?.stringValue, validFrom: object["valid_from"]?.stringValue)
        }
    }

    /// SHA-256 (hex) of the object's canonical JSON without `modified`.
    public static func digest(_ object: JSONValue) -> String {
        var body = object
        if case .object(var members) = body { members.removeValue(forKey: "modified"); body = .object(members) }
        return SHA256.hash(data: body.canonicalData).map { String(format: "%02x", $0) }.joined()
    }

    /// Objects without `created` (observables, and the marking definitions whose only timestamp is
    /// `created`) are never versioned: once written they stay as they are.
    public static func isVersioned(_ object: JSONValue) -> Bool { object["modified"] != nil }

    /// The version to write, or nil when the last published one says the same (or can say no more).
    public static func next(_ object: JSONValue, after previous: Published?, now: Date) -> JSONValue? {
        guard let previous else { return object }
        var version = object
        if let created = previous.created, version["created"] != nil { version["created"] = .string(created) }
        if let from = previous.validFrom, version["valid_from"] != nil { version["valid_from"] = .string(from) }
        if let until = version["valid_until"]?.stringValue, let from = version["valid_from"]?.stringValue, until <= from {
            version["valid_until"] = .string(STIXTimestamp.after(from))
        }
        guard previous.digest != digest(version), isVersioned(version), !previous.revoked else { return nil }
        let wanted = version["modified"]?.stringValue ?? ""
        if wanted <= previous.modified {
            let nowStamp = STIXTimestamp.string(now)
            let after = STIXTimestamp.after(previous.modified)
            version["modified"] = .string(max(nowStamp, after))
        }
        return version
    }

    /// The timestamp a row records as this version's: `modified`, else `created`, else when it was added.
    public static func versionStamp(_ object: JSONValue, added: Date) -> String {
        object["modified"]?.stringValue ?? object["created"]?.stringValue ?? STIXTimestamp.string(added)
    }
}
