import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension KeyStore {
    /// Moves the current pair of `use` out and puts a new one in its place: the old public key is
    /// appended to `retired.json` (dated `now`), the old private key file is overwritten and
    /// removed, and a new key file is created with mode 0600. A key file the environment names is
    /// the operator's, on a volume Kaiguul does not manage: rotating it is refused.
    ///
    /// The steps run in the order that leaves a usable state wherever a crash cuts them: the old
    /// public key is listed before its private key goes, and the new key takes the old one's
    /// name by rename. Leftovers of a rotation cut short are shredded by the next one.
    static func rotate(
        _ use: PublishedKey.Use, _ at: Locations, now: Date = Date()
    ) throws -> (retired: PublishedKey, current: PublishedKey) {
        let file = use == .wacz ? at.waczKey : at.auditKey
        if use == .wacz ? at.waczKeyIsOperators : at.auditKeyIsOperators {
            throw KeyStoreError.namedByEnvironment(
                path: file.path, variable: use == .wacz ? "KAIGUUL_WACZ_KEY_FILE" : "KAIGUUL_AUDIT_KEY_FILE")
        }
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw KeyStoreError.unreadable("\(file.path) does not exist: there is no key to rotate yet")
        }
        var old = try publicKey(use, pem: String(contentsOf: file, encoding: .utf8), file: file)
        old.retired = rfc3339(now)

        let next = file.appendingPathExtension("new"), leaving = file.appendingPathExtension("retiring")
        for leftover in [next, leaving] where FileManager.default.fileExists(atPath: leftover.path) {
            try shred(leftover)
        }
        try appendRetired(old, directory: at.directory)
        let pem = newPrivateKeyPEM(use)
        try writeExclusive(next, Data(pem.utf8))
        try replace(leaving, with: file)
        try replace(file, with: next)
        syncDirectory(file.deletingLastPathComponent())
        try shred(leaving)
        return (old, try publicKey(use, pem: pem, file: file))
    }

    static func newPrivateKeyPEM(_ use: PublishedKey.Use) -> String {
        switch use {
        case .wacz: P256.Signing.PrivateKey().pemRepresentation
        case .audit: Ed25519DER.privateKeyPEM(Curve25519.Signing.PrivateKey())
        }
    }

    private static func publicKey(_ use: PublishedKey.Use, pem: String, file: URL) throws -> PublishedKey {
        switch use {
        case .wacz:
            guard let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) else {
                throw KeyStoreError.unreadable("\(file.path) is not an ECDSA P-256 private key")
            }
            return .wacz(key.publicKey, created: writtenAt(file))
        case .audit:
            return .audit(try Ed25519DER.privateKey(pem: pem).publicKey, created: writtenAt(file))
        }
    }

    /// Writes the longer list to a new file and renames it over the old one, so a reader sees
    /// either list whole.
    private static func appendRetired(_ key: PublishedKey, directory: URL) throws {
        let file = directory.appendingPathComponent(retiredFile)
        let temporary = file.appendingPathExtension("new")
        if FileManager.default.fileExists(atPath: temporary.path) { try FileManager.default.removeItem(at: temporary) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeExclusive(temporary, encoder.encode(try readRetired(directory) + [key]))
        try replace(file, with: temporary)
        syncDirectory(directory)
    }

    /// Overwrites the file with zeros, flushes, then unlinks it. Enough against reading the
    /// freed blocks back on an ordinary file system; a copy-on-write or journalled one may keep
    /// older blocks, which is why an operator with stricter needs keeps keys on a token.
    static func shred(_ file: URL) throws {
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        let handle = try FileHandle(forWritingTo: file)
        try handle.write(contentsOf: Data(count: size))
        try handle.synchronize()
        try handle.close()
        try FileManager.default.removeItem(at: file)
    }

    private static func replace(_ to: URL, with from: URL) throws {
        guard rename(from.path, to.path) == 0 else {
            throw KeyStoreError.unreadable("cannot rename \(from.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Makes the renames themselves durable.
    private static func syncDirectory(_ directory: URL) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = fsync(fd)
    }
}
