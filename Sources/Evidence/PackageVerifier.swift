import Crypto
import Foundation
import X509

/// Checks an evidence package that came back from outside, and says what it checked: every file
/// `datapackage.json` lists (SHA-256 and size) and nothing unlisted, the digest file, the WACZ
/// `signedData` (anonymous ECDSA or domain certificate with its timestamp), the custody
/// manifest's signature, every WARC record's digests, and the RFC 3161 tokens of the WARC files
/// written at collection. Nothing in the package is believed before it is checked; a package
/// that cannot be read ends in a failed check, never in a crash.
public enum PackageVerifier {
    public struct Limits: Sendable {
        /// JSON and other small files are read into memory up to this.
        public var smallFileBytes: Int = 64 << 20
        public init() {}
    }

    public static func verify(
        package: URL, trust: PackageTrust = PackageTrust(), limits: Limits = Limits()
    ) async -> PackageVerificationReport {
        var run = Run(trust: trust, limits: limits)
        defer { run.extracted.removeAll() }
        await run.verify(package)
        return PackageVerificationReport(checks: run.checks, signatureMode: run.mode)
    }
}

/// One verification in progress: the checks so far.
private struct Run {
    let trust: PackageTrust
    let limits: PackageVerifier.Limits
    var checks: [PackageCheck] = []
    var mode: String?
    /// The package's WARC files, each copied out once for the checks that read records.
    var extracted = ExtractedWARCs()

    init(trust: PackageTrust, limits: PackageVerifier.Limits) {
        self.trust = trust
        self.limits = limits
    }

    mutating func add(_ id: String, _ outcome: PackageCheck.Outcome, _ detail: String, subject: String? = nil) {
        checks.append(PackageCheck(id: id, outcome: outcome, subject: subject, detail: detail))
    }

    private struct DataPackage: Decodable {
        var created: String?
        var resources: [WACZResource]
    }

    private struct Digest: Decodable {
        var path: String?
        var hash: String
        var signedData: WACZSignedData?
    }

    mutating func verify(_ package: URL) async {
        let zip: ZipReader
        do {
            zip = try ZipReader(url: package)
        } catch {
            add("zip", .failed, "\(error)")
            return
        }
        add("zip", .passed, "\(zip.entries.count) files")

        // datapackage.json and every file it lists.
        guard let datapackageEntry = zip.entry("datapackage.json"),
              let datapackageBytes = try? zip.data(datapackageEntry, limit: limits.smallFileBytes),
              let datapackage = try? JSONDecoder().decode(DataPackage.self, from: datapackageBytes)
        else {
            add("datapackage", .failed, "datapackage.json is missing or does not parse")
            return
        }
        add("datapackage", .passed, "\(datapackage.resources.count) files listed")
        var listed = Set<String>()
        for resource in datapackage.resources {
            listed.insert(resource.path)
            guard let entry = zip.entry(resource.path) else {
                add("file", .failed, "listed but not in the package", subject: resource.path)
                continue
            }
            do {
                let (hex, size) = try zip.sha256(entry, memoryLimit: limits.smallFileBytes)
                if "sha256:\(hex)" != resource.hash {
                    add("file", .failed, "SHA-256 is \(hex), datapackage.json says \(resource.hash)", subject: resource.path)
                } else if size != resource.bytes {
                    add("file", .failed, "\(size) bytes, datapackage.json says \(resource.bytes)", subject: resource.path)
                } else {
                    add("file", .passed, "sha256:\(hex), \(size) bytes", subject: resource.path)
                }
            } catch {
                add("file", .failed, "\(error)", subject: resource.path)
            }
        }
        let unlisted = zip.entries.map(\.name).filter {
            !listed.contains($0) && $0 != "datapackage.json" && $0 != "datapackage-digest.json"
        }
        if unlisted.isEmpty {
            add("unlisted", .passed, "every file is listed")
        } else {
            add("unlisted", .failed, unlisted.prefix(10).joined(separator: ", "))
        }

        // datapackage-digest.json and its signedData.
        let datapackageHash = "sha256:\(sha256Hex(datapackageBytes))"
        guard let digestEntry = zip.entry("datapackage-digest.json"),
              let digestBytes = try? zip.data(digestEntry, limit: limits.smallFileBytes),
              let digest = try? JSONDecoder().decode(Digest.self, from: digestBytes)
        else {
            add("digest", .failed, "datapackage-digest.json is missing or does not parse")
            return
        }
        if digest.hash == datapackageHash && (digest.path ?? "datapackage.json") == "datapackage.json" {
            add("digest", .passed, datapackageHash)
        } else {
            add("digest", .failed, "datapackage.json is \(datapackageHash), the digest file says \(digest.hash.prefix(80))")
        }
        let keys = PackageKeys.read(zip: zip, limit: limits.smallFileBytes)
        if let signed = digest.signedData {
            if signed.hash != datapackageHash {
                add("signed_hash", .failed, "signedData is for \(signed.hash.prefix(80)), not \(datapackageHash)")
            } else {
                add("signed_hash", .passed, datapackageHash)
            }
            if let created = datapackage.created, created == signed.created {
                add("created", .passed, created)
            } else {
                add("created", .failed,
                    "signedData says \(signed.created.prefix(40)), datapackage.json \(datapackage.created?.prefix(40) ?? "nothing")")
            }
            if signed.isDomain {
                mode = "domain"
                await checkDomain(signed)
            } else {
                mode = "anonymous"
                checkAnonymous(signed, keys: keys)
            }
        } else {
            add("signature", .failed, "datapackage-digest.json has no signedData: the package is not signed")
        }

        await checkCustody(zip: zip, keys: keys)
        checkRecords(zip: zip)
    }

    // MARK: signedData

    mutating func checkAnonymous(_ signed: WACZSignedData, keys: PackageKeys) {
        guard let keyText = signed.publicKey, let der = Data(base64Encoded: keyText),
              let key = try? P256.Signing.PublicKey(derRepresentation: der)
        else {
            add("signature", .failed, "publicKey is not a base64 DER ECDSA P-256 public key")
            return
        }
        if ECDSASignatureText.verify(signed.signature, over: signed.hash, key: key) {
            add("signature", .passed, "ECDSA P-256 over \(signed.hash)")
        } else {
            add("signature", .failed, "the ECDSA signature does not verify with the package's publicKey")
        }
        keyTrust("signer_key", fingerprint: "sha256:" + sha256Hex(der), listed: keys.fingerprints(use: "wacz"))
    }

    /// Whether a key the package names is one the reader trusts.
    mutating func keyTrust(_ id: String, fingerprint: String, listed: Set<String>) {
        let published = listed.contains(fingerprint)
            ? "listed in keys/kaiguul-keys.json" : "not listed in keys/kaiguul-keys.json"
        if trust.namedKeys.contains(fingerprint) {
            add(id, .passed, "\(fingerprint): a key you named (\(published))")
        } else if !trust.namedKeys.isEmpty {
            add(id, .failed, "\(fingerprint) is not a key you named (\(published))")
        } else if trust.instanceKeys.contains(fingerprint) {
            add(id, .passed, "\(fingerprint): this instance's key (\(published))")
        } else {
            add(id, .skipped, "\(fingerprint) is no key you named (\(published)); name one with --key")
        }
    }

    mutating func checkDomain(_ signed: WACZSignedData) async {
        let chain: [Certificate]
        do {
            chain = try CertificateChain.parse(signed.domainCert ?? "")
        } catch {
            add("signature", .failed, "domainCert: \(error)")
            return
        }
        guard let leaf = chain.first, let key = P256.Signing.PublicKey(leaf.publicKey) else {
            add("signature", .failed, "domainCert holds no certificate with an ECDSA P-256 key")
            return
        }
        if ECDSASignatureText.verify(signed.signature, over: signed.hash, key: key) {
            add("signature", .passed, "ECDSA P-256 over \(signed.hash) by the domain certificate")
        } else {
            add("signature", .failed, "the signature does not verify with the domain certificate's key")
        }
        let name = CertificateChain.commonName(leaf)
        if let name, name == signed.domain {
            add("domain", .passed, name)
        } else {
            add("domain", .failed, "domain \(signed.domain?.prefix(80) ?? "none"), certificate \(name ?? "without a name")")
        }
        let created = WARCDate.parse(signed.created)
        await checkChain("domain_chain", chain, at: created ?? Date())

        guard let timeSignature = signed.timeSignature, let response = Data(base64Encoded: timeSignature) else {
            add("time_signature", .failed, "no timeSignature, or not base64")
            return
        }
        let stamped = Array(SHA256.hash(data: Data(signed.signature.utf8)))
        let tsaChain = (try? CertificateChain.parse(signed.timestampCert ?? "")) ?? []
        let verdict = await verifyToken(Array(response), sha256: stamped, packageChain: tsaChain)
        switch verdict.result {
        case .valid(let genTime, let signer):
            // authsign's rule: the signature was made at most ten minutes before it was stamped.
            if let created, created <= genTime.addingTimeInterval(1), genTime.timeIntervalSince(created) <= 600 {
                add("time_signature", verdict.anchored ? .passed : .skipped,
                    "stamped \(WARCDate.rfc3339(genTime)) by \(signer)\(verdict.anchored ? "" : verdict.note)")
            } else {
                add("time_signature", .failed,
                    "stamped \(WARCDate.rfc3339(genTime)), not within ten minutes after created \(signed.created.prefix(40))")
            }
        case .invalid(let why):
            add("time_signature", .failed, why)
        }
    }

    /// The chain as the package gives it, to the reader's roots when they gave some.
    mutating func checkChain(_ id: String, _ chain: [Certificate], at time: Date) async {
        guard let leaf = chain.first else {
            add(id, .failed, "no certificate")
            return
        }
        for (certificate, issuer) in zip(chain, chain.dropFirst())
        where !issuer.publicKey.isValidSignature(certificate.signature, for: certificate) {
            add(id, .failed, "\(certificate.subject) is not signed by the next certificate, \(issuer.subject)")
            return
        }
        let root = chain.last.map(CertificateChain.fingerprint) ?? ""
        guard let rootsPEM = trust.trustedRootsPEM else {
            add(id, .skipped, "the chain holds together (root sha256:\(root)); no trusted roots given")
            return
        }
        let roots = (try? CertificateChain.parse(rootsPEM)) ?? []
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) { RFC5280Policy(validationTime: time) }
        switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(chain.dropFirst())) {
        case .validCertificate:
            add(id, .passed, "\(leaf.subject) chains to a trusted root (sha256:\(root))")
        case .couldNotValidate(let failures):
            let why = failures.first.map { "\($0.policyFailureReason)" } ?? "no path to a trusted root"
            add(id, .failed, "\(leaf.subject): \(why.prefix(300))")
        }
    }

    struct TokenVerdict {
        var result: TimestampVerification
        /// True when checked against roots the reader gave, not the package's own.
        var anchored: Bool
        var note: String
    }

    /// Verifies a TimeStampResp against the reader's roots, or, without them, against the root
    /// the package itself names (which proves the token is whole, not whom to believe).
    func verifyToken(_ response: [UInt8], sha256: [UInt8], packageChain: [Certificate]) async -> TokenVerdict {
        if let roots = trust.trustedRootsPEM {
            return TokenVerdict(
                result: await TimestampVerifier.verify(response: response, sha256: sha256, trustedRootsPEM: roots),
                anchored: true, note: "")
        }
        var roots = packageChain.last.flatMap { try? $0.serializeAsPEM().pemString } ?? ""
        if roots.isEmpty, let token = try? TimestampToken.parse(response: response),
           let last = token.signedData.certificates.last {
            roots = (try? last.serializeAsPEM().pemString) ?? ""
        }
        return TokenVerdict(
            result: await TimestampVerifier.verify(response: response, sha256: sha256, trustedRootsPEM: roots),
            anchored: false, note: "; its authority is not checked against roots you trust (none given)")
    }

    // MARK: custody

    mutating func checkCustody(zip: ZipReader, keys: PackageKeys) async {
        guard let manifestEntry = zip.entry(EvidencePackageWriter.manifestPath),
              let manifestBytes = try? zip.data(manifestEntry, limit: limits.smallFileBytes)
        else {
            add("custody_signature", .failed, "no \(EvidencePackageWriter.manifestPath)")
            return
        }
        guard let signatureEntry = zip.entry(EvidencePackageWriter.manifestSignaturePath),
              let signatureBytes = try? zip.data(signatureEntry, limit: limits.smallFileBytes),
              let signature = try? JSONDecoder().decode(CustodySignature.self, from: signatureBytes)
        else {
            add("custody_signature", .failed, "no readable \(EvidencePackageWriter.manifestSignaturePath)")
            return
        }
        let auditKeys = keys.ed25519(use: "audit")
        var manifest: CustodyManifest?
        var used: String?
        for (fingerprint, key) in auditKeys {
            if let checked = try? CustodyManifest.verify(manifestBytes: manifestBytes, signature: signature, trustedKey: key) {
                manifest = checked
                used = fingerprint
                break
            }
        }
        guard let manifest, let used else {
            add("custody_signature", .failed,
                auditKeys.isEmpty ? "keys/kaiguul-keys.json names no Ed25519 audit key"
                    : "the manifest's signature does not verify with the audit key(s) of keys/kaiguul-keys.json")
            return
        }
        add("custody_signature", .passed, "Ed25519 over \(EvidencePackageWriter.manifestPath)")
        keyTrust("custody_key", fingerprint: used, listed: Set(auditKeys.map(\.0)))
        await checkTimestamps(manifest, zip: zip)
        checkManifestRecords(manifest, zip: zip)
    }

    mutating func checkTimestamps(_ manifest: CustodyManifest, zip: ZipReader) async {
        let notes = manifest.timestamps ?? []
        let files = zip.entries.map(\.name).filter { $0.hasPrefix("timestamps/") }
        if notes.isEmpty {
            add("timestamp", files.isEmpty ? .skipped : .failed,
                files.isEmpty ? "no collection timestamps in the package"
                    : "timestamp files the custody manifest does not list: \(files.prefix(5).joined(separator: ", "))")
            return
        }
        for note in notes {
            guard let entry = zip.entry(note.path), let bytes = try? zip.data(entry, limit: RFC3161.maximumResponseBytes)
            else {
                add("timestamp", .failed, "listed in the custody manifest, missing from the package", subject: note.path)
                continue
            }
            guard sha256Hex(bytes) == note.sha256 else {
                add("timestamp", .failed, "the token file is not the one the custody manifest lists", subject: note.path)
                continue
            }
            guard let imprint = HexEncoding.decode(note.sourceSHA256), imprint.count == 32 else {
                add("timestamp", .failed, "the custody manifest's SHA-256 of \(note.sourceFile) is malformed",
                    subject: note.path)
                continue
            }
            let verdict = await verifyToken(Array(bytes), sha256: imprint, packageChain: [])
            switch verdict.result {
            case .valid(let genTime, let signer):
                add("timestamp", verdict.anchored ? .passed : .skipped,
                    "\(note.sourceFile) (sha256:\(note.sourceSHA256)) existed at \(WARCDate.rfc3339(genTime)), "
                        + "stamped by \(signer)\(verdict.note)",
                    subject: note.path)
            case .invalid(let why):
                add("timestamp", .failed, "\(note.sourceFile): \(why)", subject: note.path)
            }
        }
    }

    // MARK: WARC records

    mutating func checkRecords(zip: ZipReader) {
        let warcs = zip.entries.filter {
            $0.name.hasPrefix("archive/") && ($0.name.hasSuffix(".warc.gz") || $0.name.hasSuffix(".warc"))
        }
        guard !warcs.isEmpty else {
            add("records", .failed, "no WARC file in archive/")
            return
        }
        for entry in warcs {
            let problems: [WARCProblem]
            do {
                let file = try extracted.file(for: entry, zip: zip, limits: limits)
                problems = WARCConformance.check(file: file, options: .kaiguul).filter { $0.severity == .error }
            } catch {
                add("records", .failed, "cannot read: \(error)", subject: entry.name)
                continue
            }
            if problems.isEmpty {
                add("records", .passed, "every record's digests verify", subject: entry.name)
            } else {
                let described = problems.prefix(3).map { "\($0.recordID ?? "at \($0.offset ?? 0)"): \($0.message)" }
                add("records", .failed, "\(problems.count) problems: " + described.joined(separator: "; "),
                    subject: entry.name)
            }
        }
    }

    /// Every record the custody manifest names is where it says, with the digest it says.
    mutating func checkManifestRecords(_ manifest: CustodyManifest, zip: ZipReader) {
        let records = manifest.records ?? []
        guard !records.isEmpty else { return }
        var mismatches: [String] = []
        for file in Set(records.map(\.file)).sorted() {
            guard let entry = zip.entry(file) else {
                mismatches.append("\(file) is not in the package")
                continue
            }
            guard let url = try? extracted.file(for: entry, zip: zip, limits: limits) else {
                mismatches.append("\(file) cannot be read")
                continue
            }
            let found = records.filter { $0.file == file }.filter { record in
                let header = (try? WARCReader(url: url, offset: record.offset)).flatMap { try? $0.next() }
                return header?.recordID != record.recordID
                    || header?.fields["WARC-Block-Digest"] != record.blockDigest
            }.map { "\($0.recordID) at \($0.offset)" }
            mismatches += found
        }
        if mismatches.isEmpty {
            add("manifest_records", .passed, "\(records.count) records where the custody manifest says")
        } else {
            add("manifest_records", .failed, mismatches.prefix(5).joined(separator: "; "))
        }
    }

}

/// The WARC reader wants a file of its own: each WARC entry is copied out to a temporary folder
/// once, read by every check that needs it, and removed with the folder when the run ends.
struct ExtractedWARCs {
    private var directory: URL?
    private var files: [String: URL] = [:]

    mutating func file(for entry: ZipReader.Entry, zip: ZipReader, limits: PackageVerifier.Limits) throws -> URL {
        if let file = files[entry.name] { return file }
        let folder = directory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("kaiguul-verify-\(UUID().uuidString.lowercased())")
        if directory == nil {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            directory = folder
        }
        // Numbered, never the entry's own name: nothing a package says becomes a path.
        let file = folder.appendingPathComponent("\(files.count).\(entry.name.hasSuffix(".gz") ? "warc.gz" : "warc")")
        try zip.extract(entry, to: file, memoryLimit: limits.smallFileBytes)
        files[entry.name] = file
        return file
    }

    mutating func removeAll() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
        directory = nil
        files = [:]
    }
}

/// ECDSA signatures as base64 text: DER, as the WACZ specification and authsign write them, or
/// raw r‖s (64 bytes), as some browser-made packages carry them.
enum ECDSASignatureText {
    static func verify(_ text: String, over message: String, key: P256.Signing.PublicKey) -> Bool {
        guard let bytes = Data(base64Encoded: text), bytes.count <= 256 else { return false }
        let data = Data(message.utf8)
        if let der = try? P256.Signing.ECDSASignature(derRepresentation: bytes), key.isValidSignature(der, for: data) {
            return true
        }
        if bytes.count == 64, let raw = try? P256.Signing.ECDSASignature(rawRepresentation: bytes) {
            return key.isValidSignature(raw, for: data)
        }
        return false
    }
}

/// `keys/kaiguul-keys.json`: the public keys of the instance that made the package. Read
/// leniently (`{"keys": [...]}` or a bare list); a key that does not decode is ignored.
struct PackageKeys {
    struct Key: Decodable {
        var use: String?
        var algorithm: String?
        var publicKey: String?
    }

    private struct Document: Decodable {
        var keys: [Key]
    }

    var keys: [Key] = []

    static func read(zip: ZipReader, limit: Int) -> PackageKeys {
        guard let entry = zip.entry(EvidencePackageWriter.keysPath),
              let data = try? zip.data(entry, limit: min(limit, 1 << 20))
        else { return PackageKeys() }
        if let document = try? JSONDecoder().decode(Document.self, from: data) { return PackageKeys(keys: document.keys) }
        return PackageKeys(keys: (try? JSONDecoder().decode([Key].self, from: data)) ?? [])
    }

    func fingerprints(use: String) -> Set<String> {
        Set(keys.filter { $0.use == use }.compactMap { $0.publicKey.flatMap { Data(base64Encoded: $0) } }
            .map { "sha256:" + sha256Hex($0) })
    }

    /// Ed25519 keys of `use` with their fingerprints (DER SubjectPublicKeyInfo, RFC 8410).
    func ed25519(use: String) -> [(String, Curve25519.Signing.PublicKey)] {
        let prefix: [UInt8] = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]
        return keys.filter { $0.use == use }.compactMap { key in
            guard let der = key.publicKey.flatMap({ Data(base64Encoded: $0) }), der.count == prefix.count + 32,
                  der.prefix(prefix.count).elementsEqual(prefix),
                  let parsed = try? Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))
            else { return nil }
            return ("sha256:" + sha256Hex(der), parsed)
        }
    }
}
