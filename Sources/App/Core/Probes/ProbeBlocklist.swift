import Crypto
import Evidence
import Exchange
import Fluent
import Foundation

/// The block list as probes get it: the JSON list providers get, signed with the instance's Ed25519
/// audit key, so a probe measures what Kaiguul listed and not what a middlebox handed it.
///
/// The signature covers a context line and then the body's exact bytes: the audit key also signs
/// checkpoints and custody manifests, and a signature made for one must never pass for another.
enum ProbeBlocklist {
    static let signatureHeader = "X-Kaiguul-Signature"
    static let fingerprintHeader = "X-Kaiguul-Key-Fingerprint"
    static let serialHeader = "X-Kaiguul-Serial"
    static let context = Data("kaiguul-probe-blocklist-v1\n".utf8)

    struct Signed: Sendable {
        var body: Data
        var serial: UInt32
        /// Base64 of the Ed25519 signature over `context + body`.
        var signature: String
        /// `sha256:…` of the audit key's SubjectPublicKeyInfo, as `/.well-known/kaiguul-keys.json` lists it.
        var fingerprint: String
    }

    static func current(keys: SigningKeys, on db: any Database) async throws -> Signed {
        let list = try await BlocklistService.current(on: db)
        let body = Data(JSONFormat().render(list).utf8)
        let signature = try keys.audit.signature(for: context + body)
        return Signed(body: body, serial: list.serial, signature: signature.base64EncodedString(),
                      fingerprint: keys.auditPublic.fingerprint)
    }

    enum Refusal: Error, CustomStringConvertible, Equatable {
        case unsigned
        case unknownKey(String)
        case notPinned(expected: String, got: String)
        case badSignature

        var description: String {
            switch self {
            case .unsigned: "the block list carries no signature"
            case .unknownKey(let f): "the block list was signed with a key the server does not publish (\(f.prefix(80)))"
            case .notPinned(let expected, let got): "the block list was signed with \(got.prefix(80)), not the pinned \(expected)"
            case .badSignature: "the block list's signature does not verify: it was changed on the way"
            }
        }
    }

    /// Checks a downloaded list: the key named must be one the instance publishes for audit use (and
    /// the pinned one, when the probe was given a fingerprint), and the signature must verify over
    /// the exact bytes received.
    static func verify(body: Data, signature: String?, fingerprint: String?, published: [PublishedKey],
                       pinned: String?) throws(Refusal) {
        guard let signature, let fingerprint, let raw = Data(base64Encoded: signature) else { throw .unsigned }
        if let pinned, pinned.lowercased() != fingerprint.lowercased() {
            throw .notPinned(expected: pinned, got: fingerprint)
        }
        // The fingerprint is recomputed from the key's bytes: the document's own field is only a claim.
        let key = published.first { candidate in
            guard candidate.use == .audit, let der = Data(base64Encoded: candidate.publicKey) else { return false }
            return "sha256:" + sha256Hex(der) == fingerprint.lowercased()
        }?.ed25519Key
        guard let key else { throw .unknownKey(fingerprint) }
        guard key.isValidSignature(raw, for: context + body) else { throw .badSignature }
    }
}
