import Foundation

/// The ids of what one Kaiguul instance publishes. Observables (SCOs) are named as STIX 2.1 §2.9 says
/// (UUIDv5 in the STIX namespace over the JCS form of their id-contributing properties), so another
/// producer describing the same domain or file gives the same id. Kaiguul's own objects (SDOs, SROs)
/// are UUIDv5 over "type:subject" in a namespace of the instance, so a re-run gives the same ids and
/// two instances never collide.
public struct STIXIdentifiers: Sendable, Hashable {
    /// STIX 2.1 §2.9: the namespace of every observable id.
    public static let observableNamespace = UUID(uuidString: "00abedb4-aa42-466c-9c01-fed23315a9b7")!
    /// Kaiguul's root namespace; an instance's namespace is derived from it and the instance's name.
    public static let kaiguulNamespace = UUID(uuidString: "7c1e4a52-3b0d-4f8e-9a61-5d2c8b7e0f34")!

    public let instance: String
    public let namespace: UUID

    public init(instance: String) {
        self.instance = instance
        namespace = UUIDv5.make(namespace: Self.kaiguulNamespace, name: "instance:" + instance)
    }

    /// `indicator--…` for `("indicator", "block_order:5")`.
    public func object(_ type: String, _ subject: String) -> String {
        "\(type)--" + UUIDv5.string(namespace: namespace, name: "\(type):\(subject)")
    }

    /// A plain UUID of the instance for something that is not a STIX object (a MISP event, an org).
    public func uuid(_ name: String) -> String {
        UUIDv5.string(namespace: namespace, name: name)
    }

    /// An observable's id from its id-contributing properties (only those present).
    public static func observable(_ type: String, contributing: [String: JSONValue]) -> String {
        "\(type)--" + UUIDv5.string(namespace: observableNamespace, name: JSONValue.object(contributing).canonicalString)
    }

    /// STIX 2.1 §2.9: of a `hashes` dictionary only one hash contributes, the first of MD5, SHA-1,
    /// SHA-256, SHA-512 that is present.
    public static func contributingHashes(_ hashes: [String: String]) -> [String: JSONValue]? {
        for name in ["MD5", "SHA-1", "SHA-256", "SHA-512"] {
            if let value = hashes[name] { return [name: .string(value)] }
        }
        return nil
    }
}
