import Crypto
import Evidence
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads the signing keys, creating the instance's own on first start.
///
/// Files under `directory` (default `data/keys/`): `wacz-ecdsa-p256.pem` and `audit-ed25519.pem`
/// (PKCS#8 PEM, mode 0600, created with O_EXCL so an existing key is never overwritten) and
/// `retired.json` (public keys of rotated-out pairs). A key file named by the environment is
/// read, never created: an operator who points at another volume wants to know when it is missing.
enum KeyStore {
    static let waczFile = "wacz-ecdsa-p256.pem"
    static let auditFile = "audit-ed25519.pem"
    static let retiredFile = "retired.json"

    struct Locations: Sendable {
        var directory: URL
        var waczKey: URL
        var auditKey: URL
        var waczKeyIsOperators: Bool
        var auditKeyIsOperators: Bool
        var domainCertificate: URL?
        var domainKey: URL?

        static func from(dataDirectory: URL, env: [String: String]) -> Locations {
            let directory = dataDirectory.appendingPathComponent("keys")
            func file(_ key: String) -> URL? {
                env[key].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            }
            return Locations(
                directory: directory,
                waczKey: file("KAIGUUL_WACZ_KEY_FILE") ?? directory.appendingPathComponent(waczFile),
                auditKey: file("KAIGUUL_AUDIT_KEY_FILE") ?? directory.appendingPathComponent(auditFile),
                waczKeyIsOperators: file("KAIGUUL_WACZ_KEY_FILE") != nil,
                auditKeyIsOperators: file("KAIGUUL_AUDIT_KEY_FILE") != nil,
                domainCertificate: file("KAIGUUL_SIGNING_CERT"),
                domainKey: file("KAIGUUL_SIGNING_CERT_KEY"))
        }
    }

    /// Loads the keys; creates the instance's own pair where no file exists yet. Returns warnings
    /// (a key file others can read) for the caller to log.
    static func loadOrCreate(_ at: Locations) throws -> (keys: SigningKeys, warnings: [String]) {
        var warnings: [String] = []
        try FileManager.default.createDirectory(at: at.directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let waczPEM = try readOrCreate(at.waczKey, operators: at.waczKeyIsOperators, warnings: &warnings) {
            newPrivateKeyPEM(.wacz)
        }
        let auditPEM = try readOrCreate(at.auditKey, operators: at.auditKeyIsOperators, warnings: &warnings) {
            newPrivateKeyPEM(.audit)
        }
        let wacz: P256.Signing.PrivateKey
        do { wacz = try P256.Signing.PrivateKey(pemRepresentation: waczPEM) } catch {
            throw KeyStoreError.unreadable("\(at.waczKey.path) is not an ECDSA P-256 private key")
        }
        let audit = try Ed25519DER.privateKey(pem: auditPEM)
        var domain: DomainIdentity?
        switch (at.domainCertificate, at.domainKey) {
        case (nil, nil): break
        case (let cert?, let key?):
            let chain = try String(contentsOf: cert, encoding: .utf8)
            guard (try? CertificateChain.parse(chain))?.isEmpty == false else {
                throw KeyStoreError.unreadable("\(cert.path) holds no PEM certificate")
            }
            let keyPEM = try String(contentsOf: key, encoding: .utf8)
            let leafKey: P256.Signing.PrivateKey
            do { leafKey = try P256.Signing.PrivateKey(pemRepresentation: keyPEM) } catch {
                throw KeyStoreError.unreadable("\(key.path) is not an ECDSA P-256 private key")
            }
            domain = DomainIdentity(certificateChainPEM: chain, key: leafKey)
        default:
            throw KeyStoreError.unreadable("KAIGUUL_SIGNING_CERT and KAIGUUL_SIGNING_CERT_KEY go together")
        }
        let retired = try readRetired(at.directory)
        var keys = SigningKeys(wacz: wacz, audit: audit, domain: domain, retired: retired)
        keys.waczCreated = writtenAt(at.waczKey)
        keys.auditCreated = writtenAt(at.auditKey)
        return (keys, warnings)
    }

    /// A key file is written once, so its modification time is when the key was made.
    static func writtenAt(_ file: URL) -> String? {
        guard let date = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date
        else { return nil }
        return rfc3339(date)
    }

    static func rfc3339(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(.iso8601)
    }

    static func readRetired(_ directory: URL) throws -> [PublishedKey] {
        let file = directory.appendingPathComponent(retiredFile)
        guard FileManager.default.fileExists(atPath: file.path) else { return [] }
        return try JSONDecoder().decode([PublishedKey].self, from: Data(contentsOf: file))
    }

    private static func readOrCreate(
        _ file: URL, operators: Bool, warnings: inout [String], make: () -> String
    ) throws -> String {
        if FileManager.default.fileExists(atPath: file.path) {
            if let mode = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.posixPermissions] as? Int,
               mode & 0o077 != 0 {
                warnings.append("\(file.path) can be read by other users (mode \(String(mode, radix: 8))); chmod 600 it")
            }
            return try String(contentsOf: file, encoding: .utf8)
        }
        if operators { throw KeyStoreError.unreadable("\(file.path) (named by the environment) does not exist") }
        let pem = make()
        try writeExclusive(file, Data(pem.utf8))
        return pem
    }

    /// Creates `file` with mode 0600; fails if it exists (a key is never overwritten).
    static func writeExclusive(_ file: URL, _ data: Data) throws {
        let fd = open(file.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw KeyStoreError.unreadable("cannot create \(file.path): \(String(cString: strerror(errno)))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        try handle.write(contentsOf: data)
        try handle.synchronize()
        try handle.close()
    }
}
