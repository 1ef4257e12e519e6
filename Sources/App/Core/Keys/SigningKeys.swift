import Crypto
import Evidence
import SwiftASN1
import Foundation

/// The instance's signing keys. They live outside the database (someone who can rewrite the
/// database must not also hold what vouches for it): `data/keys/` by default, created on first
/// start with mode 0600, or files an operator names (`KAIGUUL_WACZ_KEY_FILE`,
/// `KAIGUUL_AUDIT_KEY_FILE`) on another volume.
///
/// - `wacz`: ECDSA P-256, signs `datapackage-digest.json` of every package (WACZ anonymous mode).
/// - `audit`: Ed25519, signs audit-log checkpoints and custody manifests.
/// - `domain`: an operator's certificate and key (e.g. from the ministry's PKI), when configured;
///   packages are then signed in the WACZ domain mode with a timestamp.
struct SigningKeys: Sendable {
    var wacz: P256.Signing.PrivateKey
    var audit: Curve25519.Signing.PrivateKey
    var domain: DomainIdentity?
    /// Public keys that signed before a rotation, kept so old packages and checkpoints still verify.
    var retired: [PublishedKey]
    /// Who publishes the keys: the public address (`KAIGUUL_PUBLIC_URL`), else the host name.
    var instance: String = ""
    /// When each current key file was written (RFC 3339), nil when unknown.
    var waczCreated: String?
    var auditCreated: String?

    var waczPublic: PublishedKey { .wacz(wacz.publicKey, created: waczCreated) }
    var auditPublic: PublishedKey { .audit(audit.publicKey, created: auditCreated) }

    /// Every key a verifier may meet: the current two first, then the retired ones.
    var published: [PublishedKey] { [waczPublic, auditPublic] + retired }

    /// The public keys of `use` a signature may have been made with (current and retired).
    func verificationKeys(for use: PublishedKey.Use) -> [PublishedKey] {
        published.filter { $0.use == use }
    }
}

/// An operator's certificate chain (leaf first, PEM) and the leaf's P-256 private key.
struct DomainIdentity: Sendable {
    var certificateChainPEM: String
    var key: P256.Signing.PrivateKey
}

/// A public key as published at `/.well-known/kaiguul-keys.json`, in `kaiguul keys show` and in
/// every package.
struct PublishedKey: Codable, Sendable, Hashable {
    enum Use: String, Codable, Sendable { case wacz, audit }

    var use: Use
    /// `ecdsa-p256` or `ed25519`.
    var algorithm: String
    /// Base64 of the DER SubjectPublicKeyInfo (what WACZ `publicKey` holds; openssl reads it).
    var publicKey: String
    /// `sha256:` and the hex SHA-256 of the DER SubjectPublicKeyInfo.
    var fingerprint: String
    /// RFC 3339; nil for current keys whose file predates this record.
    var created: String?
    var retired: String?

    static func wacz(_ key: P256.Signing.PublicKey, created: String?) -> PublishedKey {
        let der = key.derRepresentation
        return PublishedKey(use: .wacz, algorithm: "ecdsa-p256", publicKey: der.base64EncodedString(),
                            fingerprint: "sha256:" + sha256Hex(der), created: created, retired: nil)
    }

    static func audit(_ key: Curve25519.Signing.PublicKey, created: String?) -> PublishedKey {
        let der = Ed25519DER.publicKeyInfo(key.rawRepresentation)
        return PublishedKey(use: .audit, algorithm: "ed25519", publicKey: der.base64EncodedString(),
                            fingerprint: "sha256:" + sha256Hex(der), created: created, retired: nil)
    }

    /// The raw 32-byte Ed25519 key, for verifying checkpoints.
    var ed25519Key: Curve25519.Signing.PublicKey? {
        guard algorithm == "ed25519", let der = Data(base64Encoded: publicKey),
              let raw = Ed25519DER.rawPublicKey(der) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }

    var p256Key: P256.Signing.PublicKey? {
        guard algorithm == "ecdsa-p256", let der = Data(base64Encoded: publicKey) else { return nil }
        return try? P256.Signing.PublicKey(derRepresentation: der)
    }
}

/// Ed25519 keys in the DER forms of RFC 8410, so openssl and Python's `cryptography` read our files.
enum Ed25519DER {
    private static let spkiPrefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]
    private static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]

    static func publicKeyInfo(_ raw: Data) -> Data { Data(spkiPrefix) + raw }

    static func rawPublicKey(_ der: Data) -> Data? {
        guard der.count == spkiPrefix.count + 32, der.prefix(spkiPrefix.count).elementsEqual(spkiPrefix) else { return nil }
        return der.suffix(32)
    }

    static func privateKeyPEM(_ key: Curve25519.Signing.PrivateKey) -> String {
        PEMDocument(type: "PRIVATE KEY", derBytes: pkcs8Prefix + [UInt8](key.rawRepresentation)).pemString + "\n"
    }

    static func privateKey(pem: String) throws -> Curve25519.Signing.PrivateKey {
        guard let der = pemBlock(pem, label: "PRIVATE KEY"), der.count == pkcs8Prefix.count + 32,
              der.prefix(pkcs8Prefix.count).elementsEqual(pkcs8Prefix)
        else { throw KeyStoreError.unreadable("not an Ed25519 PKCS#8 private key") }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
    }
}

/// The first block of `label` in PEM text, parsed by SwiftASN1 (nil when there is none).
func pemBlock(_ text: String, label: String) -> [UInt8]? {
    ((try? PEMDocument.parseMultiple(pemString: text)) ?? []).first { $0.discriminator == label }?.derBytes
}

enum KeyStoreError: Error, CustomStringConvertible {
    case unreadable(String)
    case insecure(String)
    /// Rotation refused: the key file is the operator's (`variable` names it).
    case namedByEnvironment(path: String, variable: String)

    var description: String {
        switch self {
        case .unreadable(let why): "signing key: \(why)"
        case .insecure(let why): "signing key: \(why)"
        case .namedByEnvironment(let path, let variable):
            "signing key: \(path) is named by \(variable); the operator rotates that key"
        }
    }
}
