import Crypto
import Foundation

/// Name-based UUIDs (RFC 9562 version 5, SHA-1): the same namespace and name always give the same id,
/// which is how STIX 2.1 §2.9 names observables and how Kaiguul keeps an object's id across re-runs.
public enum UUIDv5 {
    public static func make(namespace: UUID, name: String) -> UUID {
        var input = Data()
        withUnsafeBytes(of: namespace.uuid) { input.append(contentsOf: $0) }
        input.append(contentsOf: Array(name.utf8))
        var bytes = Array(Insecure.SHA1.hash(data: input).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// Lower case, as STIX and MISP write UUIDs.
    public static func string(namespace: UUID, name: String) -> String {
        make(namespace: namespace, name: name).uuidString.lowercased()
    }
}
