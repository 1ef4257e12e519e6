import Foundation

/// A throwaway certificate authority made with the `openssl` command line in a temporary folder,
/// for tests that need real X.509: a time-stamping authority's certificate (`makeTSA`) and domain
/// certificates for WACZ signing (`makeDomainCertificate`). The folder goes when the object does
/// (or at `remove()`).
public final class TestPKI: Sendable {
    public enum KeyKind: Sendable { case rsa, ec }

    public let directory: URL
    public let rootPEM: String
    /// Lowercase hex SHA-256 of the root certificate's DER.
    public let rootFingerprint: String
    public var rootFile: URL { directory.appendingPathComponent("root.pem") }
    private var rootKey: URL { directory.appendingPathComponent("root.key") }
    private var config: URL { directory.appendingPathComponent("pki.cnf") }

    private init(directory: URL, rootPEM: String, rootFingerprint: String) {
        self.directory = directory
        self.rootPEM = rootPEM
        self.rootFingerprint = rootFingerprint
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    public func remove() { try? FileManager.default.removeItem(at: directory) }

    /// - Parameter name: the root's common name (fictional).
    public static func make(name: String = "Ala-Too Fictional Test Root") throws -> TestPKI {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            try configuration.write(to: directory.appendingPathComponent("pki.cnf"), atomically: true, encoding: .utf8)
            try OpenSSLCommand.require([
                "req", "-x509", "-config", "pki.cnf", "-extensions", "v3_root", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "root.key", "-out", "root.pem",
                "-days", "3650", "-subj", "/O=Fictional Test Authority/CN=\(name)",
            ], in: directory)
            let pem = try String(contentsOf: directory.appendingPathComponent("root.pem"), encoding: .utf8)
            let fingerprint = try OpenSSLCommand.require(
                ["x509", "-in", "root.pem", "-noout", "-fingerprint", "-sha256"], in: directory).output
            guard let equals = fingerprint.firstIndex(of: "=") else {
                throw OpenSSLCommand.Failure(description: "no fingerprint in \(fingerprint)")
            }
            let hex = fingerprint[fingerprint.index(after: equals)...].filter { $0.isHexDigit }.lowercased()
            return TestPKI(directory: directory, rootPEM: pem, rootFingerprint: hex)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// A time-stamping certificate signed by the root (extendedKeyUsage critical, timeStamping only).
    /// - Returns: the certificate PEM, the path of its private key (PEM) and the chain PEM (TSA, root).
    /// - Parameter criticalUsage: false makes a certificate RFC 3161 forbids (usage not critical).
    public func makeTSA(key: KeyKind = .rsa, commonName: String = "Fictional Time-Stamping Unit",
                        criticalUsage: Bool = true) throws -> (certPEM: String, keyPath: String, chainPEM: String)
    {
        let name = "tsa-\(UUID().uuidString.prefix(8))"
        let certPEM = try issue(name: name, key: key, extensions: criticalUsage ? "v3_tsa" : "v3_tsa_noncritical",
                                subject: "/O=Fictional TSA/CN=\(commonName)")
        return (certPEM, directory.appendingPathComponent("\(name).key").path, certPEM + rootPEM)
    }

    /// An EC P-256 leaf for the WACZ domain mode, signed by the root.
    /// - Returns: the chain PEM, leaf first and ending with the root, and the key PEM (PKCS#8).
    public func makeDomainCertificate(commonName: String) throws -> (chainPEM: String, keyPEM: String) {
        let name = "domain-\(UUID().uuidString.prefix(8))"
        let extensions = "[ v3_\(name) ]\nbasicConstraints = critical, CA:FALSE\n"
            + "keyUsage = critical, digitalSignature\nextendedKeyUsage = serverAuth\n"
            + "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\nsubjectAltName = DNS:\(commonName)\n"
        let extFile = directory.appendingPathComponent("\(name).cnf")
        try extensions.write(to: extFile, atomically: true, encoding: .utf8)
        let certPEM = try issue(name: name, key: .ec, extensions: "v3_\(name)", extFile: "\(name).cnf",
                                subject: "/O=Fictional Ministry/CN=\(commonName)")
        let keyPEM = try String(contentsOf: directory.appendingPathComponent("\(name).key"), encoding: .utf8)
        return (certPEM + rootPEM, keyPEM)
    }

    /// Another certificate for the same key, subject, issuer and serial number, valid one day
    /// longer: what an attacker holding the key might slip into a token in place of the original.
    public func reissue(certificatePEM: String, keyPath: String) throws -> String {
        let name = URL(fileURLWithPath: keyPath).deletingPathExtension().lastPathComponent
        let original = directory.appendingPathComponent("\(name)-original.pem")
        try certificatePEM.write(to: original, atomically: true, encoding: .utf8)
        let serial = try OpenSSLCommand.require(["x509", "-in", original.path, "-noout", "-serial"]).output
            .split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        let extensions = name.hasPrefix("tsa-") ? "v3_tsa" : "v3_\(name)"
        let extFile = name.hasPrefix("tsa-") ? "pki.cnf" : "\(name).cnf"
        try OpenSSLCommand.require([
            "x509", "-req", "-in", "\(name).csr", "-CA", "root.pem", "-CAkey", "root.key", "-set_serial", "0x" + serial,
            "-days", "366", "-sha256", "-extfile", extFile, "-extensions", extensions, "-out", "\(name)-again.pem",
        ], in: directory)
        return try String(contentsOf: directory.appendingPathComponent("\(name)-again.pem"), encoding: .utf8)
    }

    private func issue(name: String, key: KeyKind, extensions: String, extFile: String = "pki.cnf",
                       subject: String) throws -> String {
        let keyArguments = switch key {
        case .rsa: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
        case .ec: ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
        }
        try OpenSSLCommand.require(["genpkey"] + keyArguments + ["-out", "\(name).key"], in: directory)
        try OpenSSLCommand.require(["req", "-new", "-config", "pki.cnf", "-key", "\(name).key", "-subj", subject,
                                    "-out", "\(name).csr"], in: directory)
        try OpenSSLCommand.require([
            "x509", "-req", "-in", "\(name).csr", "-CA", "root.pem", "-CAkey", "root.key", "-set_serial",
            "0x" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16), "-days", "365",
            "-sha256", "-extfile", extFile, "-extensions", extensions, "-out", "\(name).pem",
        ], in: directory)
        return try String(contentsOf: directory.appendingPathComponent("\(name).pem"), encoding: .utf8)
    }

    /// Our own configuration, so the system's openssl.cnf cannot change what the tests make.
    private static let configuration = """
        [ req ]
        distinguished_name = dn
        prompt = no
        [ dn ]
        CN = unused
        [ v3_root ]
        basicConstraints = critical, CA:TRUE
        keyUsage = critical, keyCertSign, cRLSign
        subjectKeyIdentifier = hash
        [ v3_tsa ]
        basicConstraints = critical, CA:FALSE
        keyUsage = critical, digitalSignature, nonRepudiation
        extendedKeyUsage = critical, timeStamping
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid
        [ v3_tsa_noncritical ]
        basicConstraints = critical, CA:FALSE
        keyUsage = critical, digitalSignature
        extendedKeyUsage = timeStamping
        subjectKeyIdentifier = hash
        authorityKeyIdentifier = keyid

        """
}
