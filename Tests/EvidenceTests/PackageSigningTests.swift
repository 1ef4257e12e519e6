import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import LoopbackHTTP
import Testing

@testable import Evidence

/// A throwaway instance's keys, and the keys document a package carries (the shape of
/// `/.well-known/kaiguul-keys.json`).
struct TestSigningKeys: Sendable {
    var wacz = P256.Signing.PrivateKey()
    var audit = Curve25519.Signing.PrivateKey()

    var waczFingerprint: String { "sha256:" + sha256Hex(wacz.publicKey.derRepresentation) }
    var auditDER: Data {
        Data([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]) + audit.publicKey.rawRepresentation
    }
    var auditFingerprint: String { "sha256:" + sha256Hex(auditDER) }

    var keysDocument: Data {
        let keys: [[String: String]] = [
            ["use": "wacz", "algorithm": "ecdsa-p256", "publicKey": wacz.publicKey.derRepresentation.base64EncodedString(),
             "fingerprint": waczFingerprint],
            ["use": "audit", "algorithm": "ed25519", "publicKey": auditDER.base64EncodedString(),
             "fingerprint": auditFingerprint],
        ]
        return try! JSONSerialization.data(withJSONObject: ["instance": "test", "keys": keys], options: [.sortedKeys])
    }

    func signing(signer: (any WACZSigner)? = nil) -> PackageSigning {
        PackageSigning(
            signer: signer ?? AnonymousWACZSigner(key: wacz, software: "Kaiguul 0.0.0-test"), custodyKey: audit,
            keysDocument: keysDocument)
    }
}

/// Packages in the WACZ signing specification's anonymous mode, checked by `PackageVerifier`;
/// each of the three tamperings the issue names fails its own check.
@Suite struct PackageSigningTests {
    /// A package of one capture. A domain signature must be made within minutes of `created` (the
    /// timestamp says when), so domain tests package "now".
    static func makePackage(_ temp: TemporaryDirectory, keys: TestSigningKeys, name: String = "case-7.wacz",
                            signer: (any WACZSigner)? = nil, created: Date? = nil) async throws -> URL {
        let collected = try await EvidencePackageWriterTests.collect(temp)
        let out = temp.file(name)
        var description = EvidencePackageWriterTests.description
        if let created { description.warcinfo.created = created }
        try await EvidencePackageWriter.write(
            captures: [EvidencePackageWriterTests.packageCapture(collected[0], id: "capture-1")],
            description: description, to: out, signing: keys.signing(signer: signer))
        return out
    }

    /// Rewrites a package entry by entry (names and order kept), changing one entry's bytes.
    static func rewrite(_ package: URL, to out: URL, entry: String, change: (Data) -> Data) throws {
        let reader = try ZipReader(url: package)
        let handle = try FileSupport.createExclusive(out)
        let writer = ZipWriter(handle: handle, path: out.path)
        for item in reader.entries {
            var data = try reader.data(item, limit: 64 << 20)
            if item.name == entry { data = change(data) }
            try writer.addData(name: item.name, data: data, method: item.method == 8 ? .deflate : .store,
                               modified: Date(timeIntervalSince1970: 1_717_300_000))
        }
        try writer.finish()
        try handle.close()
    }

    static func outcome(_ report: PackageVerificationReport, _ id: String) -> [PackageCheck.Outcome] {
        report.checks.filter { $0.id == id }.map(\.outcome)
    }

    static func digest(_ package: URL) throws -> [String: Any] {
        let reader = try ZipReader(url: package)
        let data = try reader.data(reader.entry("datapackage-digest.json")!, limit: 1 << 20)
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    @Test func anAnonymousPackageCarriesSignedDataAndVerifies() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let keys = TestSigningKeys()

        // MUT
        let package = try await Self.makePackage(temp, keys: keys)
        let report = await PackageVerifier.verify(package: package, trust: PackageTrust(namedKeys: [keys.waczFingerprint,
                                                                                               keys.auditFingerprint]))

        // validate: the spec's anonymous fields
        let signed = try #require(try Self.digest(package)["signedData"] as? [String: String])
        let reader = try ZipReader(url: package)
        let datapackage = try reader.data(reader.entry("datapackage.json")!, limit: 1 << 20)
        let created = try #require(
            (try JSONSerialization.jsonObject(with: datapackage) as? [String: Any])?["created"] as? String)
        #expect(signed["hash"] == "sha256:" + sha256Hex(datapackage))
        #expect(signed["created"] == created && signed["version"] == "0.1.0")
        #expect(signed["publicKey"] == keys.wacz.publicKey.derRepresentation.base64EncodedString())
        let der = try #require(Data(base64Encoded: signed["signature"] ?? ""))
        #expect(keys.wacz.publicKey.isValidSignature(
            try P256.Signing.ECDSASignature(derRepresentation: der), for: Data((signed["hash"] ?? "").utf8)))
        #expect(signed["domain"] == nil && signed["timeSignature"] == nil)
        // every check passed; the keys are the named ones; the package carries keys and custody signature
        #expect(report.passed, "\(report.failures)")
        #expect(report.signatureMode == "anonymous")
        for id in ["digest", "signed_hash", "created", "signature", "signer_key", "custody_signature", "custody_key",
                   "records", "manifest_records", "unlisted"] {
            #expect(Self.outcome(report, id) == [.passed], "\(id): \(report.checks.filter { $0.id == id })")
        }
        #expect(reader.entry(EvidencePackageWriter.keysPath) != nil)
        #expect(reader.entry(EvidencePackageWriter.manifestSignaturePath) != nil)
        #expect(Self.outcome(report, "file").count == 6 && Self.outcome(report, "file").allSatisfy { $0 == .passed })
        EvidencePackageWriterTests.keep(package, as: "anonymous-signed.wacz")
    }

    @Test func aKeyTheReaderDidNotNameIsNotTrustedAndAnUnnamedOneIsOnlyNotVouchedFor() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let package = try await Self.makePackage(temp, keys: TestSigningKeys())
        let stranger = "sha256:" + sha256Hex(P256.Signing.PrivateKey().publicKey.derRepresentation)

        // MUT
        let named = await PackageVerifier.verify(package: package, trust: PackageTrust(namedKeys: [stranger]))
        let unnamed = await PackageVerifier.verify(package: package)

        // validate
        #expect(Self.outcome(named, "signer_key") == [.failed] && !named.passed)
        #expect(Self.outcome(unnamed, "signer_key") == [.skipped] && unnamed.passed)
        #expect(Self.outcome(unnamed, "signature") == [.passed])
    }

    @Test func oneByteChangedInTheWARCFails() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let package = try await Self.makePackage(temp, keys: TestSigningKeys())
        let warc = try #require(try ZipReader(url: package).entries.first { $0.name.hasPrefix("archive/") })
        let tampered = temp.file("warc-tampered.wacz")
        // A byte inside the response record's compressed block (past its gzip member's 10-byte
        // header), changed in place in the STORE'd WARC as someone with the file would.
        let reader = try ZipReader(url: package)
        let manifest = try JSONDecoder().decode(
            CustodyManifest.self, from: try reader.data(reader.entry(EvidencePackageWriter.manifestPath)!, limit: 1 << 20))
        let response = try #require(manifest.records?.first { $0.type == "response" })
        var bytes = try Data(contentsOf: package)
        let offset = Int(try reader.dataOffset(warc) + response.offset + 40)
        bytes[offset] ^= 0x01
        try bytes.write(to: tampered)

        // MUT
        let report = await PackageVerifier.verify(package: tampered)

        // validate
        #expect(!report.passed)
        #expect(report.checks.contains { $0.id == "file" && $0.subject == warc.name && $0.outcome == .failed })
        #expect(Self.outcome(report, "records") == [.failed])
        #expect(Self.outcome(report, "signature") == [.passed], "the signature covers datapackage.json, still whole")
    }

    @Test func oneByteChangedInDatapackageJSONFails() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let package = try await Self.makePackage(temp, keys: TestSigningKeys())
        let tampered = temp.file("datapackage-tampered.wacz")
        try Self.rewrite(package, to: tampered, entry: "datapackage.json") { data in
            var changed = data
            let index = try! #require(changed.firstRange(of: Data("Test package".utf8))).lowerBound
            changed[index] = UInt8(ascii: "B")
            return changed
        }

        // MUT
        let report = await PackageVerifier.verify(package: tampered)

        // validate
        #expect(!report.passed)
        #expect(Self.outcome(report, "digest") == [.failed])
        #expect(Self.outcome(report, "signed_hash") == [.failed])
    }

    @Test func oneByteChangedInTheSignatureFails() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let package = try await Self.makePackage(temp, keys: TestSigningKeys())
        let tampered = temp.file("signature-tampered.wacz")
        try Self.rewrite(package, to: tampered, entry: "datapackage-digest.json") { data in
            var object = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
            var signed = object["signedData"] as! [String: String]
            var signature = Data(base64Encoded: signed["signature"]!)!
            signature[signature.count - 1] ^= 0x01
            signed["signature"] = signature.base64EncodedString()
            object["signedData"] = signed
            return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }

        // MUT
        let report = await PackageVerifier.verify(package: tampered)

        // validate
        #expect(!report.passed)
        #expect(Self.outcome(report, "signature") == [.failed])
        #expect(Self.outcome(report, "digest") == [.passed])
    }

    @Test func aChangedCreatedDateOrAnUnlistedFileFails() async throws {
        // setup: `created` is not under the anonymous signature; only its equality with datapackage.json holds it
        let temp = try TemporaryDirectory()
        let package = try await Self.makePackage(temp, keys: TestSigningKeys())
        let redated = temp.file("redated.wacz")
        try Self.rewrite(package, to: redated, entry: "datapackage-digest.json") { data in
            var object = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
            var signed = object["signedData"] as! [String: String]
            signed["created"] = "2020-01-01T00:00:00Z"
            object["signedData"] = signed
            return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
        let extra = temp.file("extra.wacz")
        let reader = try ZipReader(url: package)
        let handle = try FileSupport.createExclusive(extra)
        let writer = ZipWriter(handle: handle, path: extra.path)
        for item in reader.entries {
            try writer.addData(name: item.name, data: try reader.data(item, limit: 1 << 26), method: .store, modified: Date())
        }
        try writer.addData(name: "archive/planted.warc", data: Data("WARC/1.1\r\n".utf8), method: .store, modified: Date())
        try writer.finish()
        try handle.close()

        // MUT
        let redatedReport = await PackageVerifier.verify(package: redated)
        let extraReport = await PackageVerifier.verify(package: extra)

        // validate
        #expect(Self.outcome(redatedReport, "created") == [.failed] && Self.outcome(redatedReport, "signature") == [.passed])
        #expect(Self.outcome(extraReport, "unlisted") == [.failed] && !extraReport.passed)
    }

    @Test func collectionTimestampsGoInAndATokenForOtherDataFails() async throws {
        // setup: one token for the collection WARC file as it is, one for other bytes claiming to be it
        let temp = try TemporaryDirectory()
        let pki = try TestPKI.make()
        let tsa = try await TestTSA.start(pki: pki)
        let collected = try await EvidencePackageWriterTests.collect(temp)
        let warc = collected[0].file
        let (hex, size) = try FileSupport.sha256(of: warc)
        let good = try await TimestampTests.stamp(tsa, digest: try #require(HexEncoding.decode(hex)))
        let other = try await TimestampTests.stamp(tsa, digest: Array(SHA256.hash(data: Data("other".utf8))))
        await tsa.stop()
        func package(_ name: String, _ response: [UInt8]) async throws -> URL {
            var description = EvidencePackageWriterTests.description
            description.collectionTimestamps = [
                CollectionTimestamp(warcFile: warc.lastPathComponent, sha256: hex, size: size, response: Data(response)),
                // a token of a file no capture comes from stays out
                CollectionTimestamp(warcFile: "unrelated.warc.gz", sha256: hex, size: size, response: Data(response)),
            ]
            let out = temp.file(name)
            try await EvidencePackageWriter.write(
                captures: [EvidencePackageWriterTests.packageCapture(collected[0], id: "capture-1")],
                description: description, to: out, signing: TestSigningKeys().signing())
            return out
        }

        // MUT
        let trust = PackageTrust(trustedRootsPEM: pki.rootPEM)
        let goodReport = await PackageVerifier.verify(package: try await package("good.wacz", good), trust: trust)
        let otherReport = await PackageVerifier.verify(package: try await package("other.wacz", other), trust: trust)

        // validate
        let stamps = goodReport.checks.filter { $0.id == "timestamp" }
        #expect(stamps.map(\.outcome) == [.passed], "\(stamps)")
        #expect(stamps.first?.subject == "timestamps/\(WACZWriter.resourceName(warc.lastPathComponent)).1.tsr")
        #expect(goodReport.passed, "\(goodReport.failures)")
        #expect(Self.outcome(otherReport, "timestamp") == [.failed] && !otherReport.passed)
    }

    @Test func aRawRSSignatureIsReadAsBrowserMadePackagesCarryIt() throws {
        // setup
        let key = P256.Signing.PrivateKey()
        let hash = "sha256:" + String(repeating: "ab", count: 32)
        let signature = try key.signature(for: Data(hash.utf8))

        // MUT + validate
        #expect(ECDSASignatureText.verify(signature.rawRepresentation.base64EncodedString(), over: hash, key: key.publicKey))
        #expect(ECDSASignatureText.verify(signature.derRepresentation.base64EncodedString(), over: hash, key: key.publicKey))
        #expect(!ECDSASignatureText.verify(signature.derRepresentation.base64EncodedString(), over: hash + "0",
                                           key: key.publicKey))
    }

    @Test func aCustodyManifestSignedWithAnotherKeyThanTheDocumentNamesFails() async throws {
        // setup: the keys document names one audit key, the manifest is signed with another
        let temp = try TemporaryDirectory()
        var keys = TestSigningKeys()
        let document = keys.keysDocument
        keys.audit = Curve25519.Signing.PrivateKey()
        let collected = try await EvidencePackageWriterTests.collect(temp)
        let out = temp.file("other-audit-key.wacz")
        var signing = keys.signing()
        signing.keysDocument = document
        try await EvidencePackageWriter.write(
            captures: [EvidencePackageWriterTests.packageCapture(collected[0], id: "capture-1")],
            description: EvidencePackageWriterTests.description, to: out, signing: signing)

        // MUT
        let report = await PackageVerifier.verify(package: out)

        // validate
        #expect(Self.outcome(report, "custody_signature") == [.failed] && !report.passed)
    }

    @Test func anUnsignedOrUnreadablePackageFails() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let collected = try await EvidencePackageWriterTests.collect(temp)
        let unsigned = temp.file("unsigned.wacz")
        try WACZWriter.write(
            warcFiles: [collected[0].file], pages: [], metadata: WACZMetadata(title: "t", software: "s"), to: unsigned)
        let garbage = temp.file("garbage.wacz")
        try Data("not a zip at all".utf8).write(to: garbage)

        // MUT
        let unsignedReport = await PackageVerifier.verify(package: unsigned)
        let garbageReport = await PackageVerifier.verify(package: garbage)

        // validate
        #expect(Self.outcome(unsignedReport, "signature") == [.failed] && !unsignedReport.passed)
        #expect(Self.outcome(garbageReport, "zip") == [.failed] && !garbageReport.passed)
    }

    // MARK: domain mode

    /// A domain signer whose certificate comes from a throwaway PKI and whose timestamps come from
    /// a throwaway TSA of the same PKI (openssl ts), as an operator with the ministry's PKI would have.
    static func domainSigner(pki: TestPKI, tsa: TestTSA, commonName: String = "evidence.fictional-ministry.example")
        throws -> DomainWACZSigner
    {
        let identity = try pki.makeDomainCertificate(commonName: commonName)
        let rootPEM = pki.rootPEM
        return try DomainWACZSigner(
            certificateChainPEM: identity.chainPEM, key: try P256.Signing.PrivateKey(pemRepresentation: identity.keyPEM),
            software: "Kaiguul 0.0.0-test"
        ) { sha256 in
            let response = try await TimestampTests.stamp(tsa, digest: sha256)
            return DomainWACZSigner.Stamp(
                response: response,
                certificateChainPEM: try CertificateChain.timestampChainPEM(response: response, rootsPEM: rootPEM))
        }
    }

    /// authsign's trusted-roots file (YAML) naming the test root for both domain and timestamp certificates.
    static func rootsYAML(_ pki: TestPKI) -> String {
        "domain_cert_roots:\n  - \(pki.rootFingerprint)\ntimestamp_cert_roots:\n  - \(pki.rootFingerprint)\n"
    }

    @Test func aDomainPackageCarriesItsCertificateAndATimestampOfItsSignatureAndVerifies() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let pki = try TestPKI.make()
        let tsa = try await TestTSA.start(pki: pki)
        let signer = try Self.domainSigner(pki: pki, tsa: tsa)

        // MUT
        let package = try await Self.makePackage(
            temp, keys: TestSigningKeys(), name: "domain.wacz", signer: signer, created: Date())
        let trusted = await PackageVerifier.verify(package: package, trust: PackageTrust(trustedRootsPEM: pki.rootPEM))
        let untrusted = await PackageVerifier.verify(package: package)
        let stranger = try TestPKI.make(name: "Another Fictional Root")
        let otherRoots = await PackageVerifier.verify(
            package: package, trust: PackageTrust(trustedRootsPEM: stranger.rootPEM))
        await tsa.stop()

        // validate: the spec's domain fields
        let signed = try #require(try Self.digest(package)["signedData"] as? [String: String])
        #expect(signed["domain"] == "evidence.fictional-ministry.example" && signed["publicKey"] == nil)
        #expect(signed["domainCert"]?.components(separatedBy: "BEGIN CERTIFICATE").count == 3)
        #expect(signed["timestampCert"]?.components(separatedBy: "BEGIN CERTIFICATE").count == 3)
        let token = try TimestampToken.parse(response: Array(try #require(Data(base64Encoded: signed["timeSignature"] ?? ""))))
        #expect(token.imprint == Array(SHA256.hash(data: Data((signed["signature"] ?? "").utf8))))
        // with the test root trusted, every check passes; without, the anchors are not checked; with another root, they fail
        #expect(trusted.passed && trusted.signatureMode == "domain", "\(trusted.failures)")
        for id in ["signature", "domain", "domain_chain", "time_signature"] {
            #expect(Self.outcome(trusted, id) == [.passed], "\(id): \(trusted.checks.filter { $0.id == id })")
        }
        #expect(untrusted.passed && Self.outcome(untrusted, "domain_chain") == [.skipped])
        #expect(Self.outcome(untrusted, "time_signature") == [.skipped])
        #expect(Self.outcome(otherRoots, "domain_chain") == [.failed] && Self.outcome(otherRoots, "time_signature") == [.failed])
        Self.keepDomainSample(package, pki: pki, as: "domain-signed")
    }

    @Test func aDomainSignatureWhoseTimestampIsForOtherDataOrWhoseNameIsChangedFails() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let pki = try TestPKI.make()
        let tsa = try await TestTSA.start(pki: pki)
        let package = try await Self.makePackage(
            temp, keys: TestSigningKeys(), name: "domain.wacz", signer: try Self.domainSigner(pki: pki, tsa: tsa),
            created: Date())
        let otherToken = try await TimestampTests.stamp(tsa, digest: Array(SHA256.hash(data: Data("other".utf8))))
        // A package that says it was made in 2024 but whose signature was stamped today.
        let backdated = try await Self.makePackage(
            temp, keys: TestSigningKeys(), name: "backdated.wacz", signer: try Self.domainSigner(pki: pki, tsa: tsa))
        await tsa.stop()
        func tamper(_ name: String, _ change: @escaping (inout [String: Any]) -> Void) throws -> URL {
            let out = temp.file(name)
            try Self.rewrite(package, to: out, entry: "datapackage-digest.json") { data in
                var object = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
                var signed = object["signedData"] as! [String: Any]
                change(&signed)
                object["signedData"] = signed
                return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            }
            return out
        }
        let otherStamp = try tamper("other-stamp.wacz") { $0["timeSignature"] = Data(otherToken).base64EncodedString() }
        let otherName = try tamper("other-name.wacz") { $0["domain"] = "another.fictional-ministry.example" }

        // MUT
        let trust = PackageTrust(trustedRootsPEM: pki.rootPEM)
        let stampReport = await PackageVerifier.verify(package: otherStamp, trust: trust)
        let nameReport = await PackageVerifier.verify(package: otherName, trust: trust)
        let backdatedReport = await PackageVerifier.verify(package: backdated, trust: trust)

        // validate
        #expect(Self.outcome(stampReport, "time_signature") == [.failed] && !stampReport.passed)
        #expect(Self.outcome(nameReport, "domain") == [.failed] && !nameReport.passed)
        #expect(Self.outcome(backdatedReport, "time_signature") == [.failed] && !backdatedReport.passed)
    }

    /// Leaves a domain-mode package with the files its readers need beside it: authsign's
    /// trusted-roots YAML (`NAME.roots.yaml`) and the root for `kaiguul verify-package --trusted-roots`
    /// (`NAME.roots.pem`).
    static func keepDomainSample(_ package: URL, pki: TestPKI, as name: String) {
        guard let base = ProcessInfo.processInfo.environment["KAIGUUL_EVIDENCE_SAMPLES_DIR"], !base.isEmpty else {
            return
        }
        let directory = URL(fileURLWithPath: base).appendingPathComponent("package")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for suffix in [".wacz", ".roots.yaml", ".roots.pem"] {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name + suffix))
        }
        try? FileManager.default.copyItem(at: package, to: directory.appendingPathComponent(name + ".wacz"))
        try? rootsYAML(pki).write(to: directory.appendingPathComponent(name + ".roots.yaml"), atomically: true, encoding: .utf8)
        try? pki.rootPEM.write(to: directory.appendingPathComponent(name + ".roots.pem"), atomically: true, encoding: .utf8)
    }
}
