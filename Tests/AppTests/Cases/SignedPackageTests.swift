import Crypto
import Evidence
import Foundation
import LoopbackHTTP
import Testing
import Vapor

@testable import App

/// A case package made through the application is signed as the WACZ signing specification says:
/// with the instance's own key by default, with an operator's certificate and a timestamp when one
/// is configured; `verify-package`'s checks accept it and say so in three languages.
@Suite(.serialized) struct SignedPackageTests {
    static func fingerprints(_ app: Application) -> Set<String> {
        Set(app.signingKeys.published.map(\.fingerprint))
    }

    static func signedData(_ package: URL) throws -> [String: String] {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-signed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temp) }
        let unzipped = try CasePackageTests.unzip(try Data(contentsOf: package), in: temp)
        let digest = try Data(contentsOf: unzipped.appendingPathComponent("datapackage-digest.json"))
        let object = try JSONSerialization.jsonObject(with: digest) as? [String: Any]
        return object?["signedData"] as? [String: String] ?? [:]
    }

    @Test func aCasePackageIsSignedWithTheInstanceKeyAndCarriesItsKeys() async throws {
        let server = try await SiteServer.start(CasePackageTests.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let f = try await CasePackageTests.fixture(app, server: server)
            let out = app.kaiguul.dataDirectory.appendingPathComponent("signed.wacz")

            // MUT
            try await CasePackage.write(
                try #require(try await CaseRecord.find(f.caseID, on: app.db)), to: out, actor: .commandLine,
                packagedBy: "command line (test)", app: app)
            let report = await PackageVerifier.verify(
                package: out, trust: PackageTrust(instanceKeys: Self.fingerprints(app)))

            // validate: anonymous mode with this instance's key, the keys document as published
            let signed = try Self.signedData(out)
            #expect(signed["publicKey"] == app.signingKeys.wacz.publicKey.derRepresentation.base64EncodedString())
            #expect(signed["version"] == "0.1.0" && signed["software"]?.hasPrefix("Kaiguul") == true)
            #expect(report.passed && report.signatureMode == "anonymous", "\(report.failures)")
            for id in ["signature", "signer_key", "custody_signature", "custody_key", "records", "manifest_records"] {
                #expect(report.checks.filter { $0.id == id }.map(\.outcome) == [.passed], "\(id)")
            }
            #expect(report.checks.first { $0.id == "signer_key" }?.detail.contains("this instance's key") == true)
            let temp = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-keys-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: temp) }
            let unzipped = try CasePackageTests.unzip(try Data(contentsOf: out), in: temp)
            let keys = try Data(contentsOf: unzipped.appendingPathComponent(EvidencePackageWriter.keysPath))
            #expect(keys == (try app.signingKeys.document.json()))

            // another instance (other keys) checks it: the signature holds, the key is not its own
            let stranger = await PackageVerifier.verify(package: out)
            #expect(stranger.passed && stranger.checks.first { $0.id == "signer_key" }?.outcome == .skipped)
        }
    }

    @Test func verifyPackageSaysWhatItCheckedInEachLanguage() async throws {
        let server = try await SiteServer.start(CasePackageTests.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup: a package, and a copy with one byte of its WARC changed
            let f = try await CasePackageTests.fixture(app, server: server)
            let out = app.kaiguul.dataDirectory.appendingPathComponent("signed.wacz")
            try await CasePackage.write(
                try #require(try await CaseRecord.find(f.caseID, on: app.db)), to: out, actor: .commandLine,
                packagedBy: "command line (test)", app: app)
            var bytes = try Data(contentsOf: out)
            // The WARC is the first entry, STORE'd: a byte a little after its local header's name is its own.
            let warcAt = try #require(bytes.firstRange(of: Data("archive/".utf8))?.lowerBound)
            let tampered = app.kaiguul.dataDirectory.appendingPathComponent("tampered.wacz")
            bytes[warcAt + 300] ^= 0x01
            try bytes.write(to: tampered)

            // MUT
            let good = await PackageVerifier.verify(package: out)
            let bad = await PackageVerifier.verify(package: tampered)
            let lines = [Language.ky, .ru, .en].map {
                VerifyPackageCommand.render(good, file: "signed.wacz", t: Translator(language: $0))
            }
            let badLines = VerifyPackageCommand.render(bad, file: "tampered.wacz", t: Translator(language: .ru))

            // validate
            #expect(lines[0].first == "Далилдер пакетин текшерүү: signed.wacz")
            #expect(lines[0].contains { $0.hasPrefix("[туура] Пакеттин кол тамгасы: ECDSA P-256") })
            #expect(lines[1].contains { $0.hasPrefix("[ок] Подпись пакета: ECDSA P-256") })
            #expect(lines[2].last?.hasPrefix("The package is intact:") == true)
            #expect(!bad.passed && badLines.last?.hasPrefix("Пакет НЕ прошёл проверку") == true)
            #expect(badLines.contains { $0.hasPrefix("[ОШИБКА] Хэш и размер файла совпадают с datapackage.json (archive/") })
            #expect(lines.allSatisfy { !$0.joined().contains("verify.") }, "every key has its translation")
        }
    }

    @Test func keysAreNamedByFingerprintBase64OrPEMFile() throws {
        // setup
        let key = P256.Signing.PrivateKey().publicKey
        let fingerprint = "sha256:" + sha256Hex(key.derRepresentation)
        let pem = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-key-\(UUID().uuidString).pem")
        try key.pemRepresentation.write(to: pem, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: pem) }

        // MUT + validate
        #expect(try VerifyPackageCommand.fingerprints(fingerprint) == [fingerprint])
        #expect(try VerifyPackageCommand.fingerprints(String(fingerprint.dropFirst(7)).uppercased()) == [fingerprint])
        #expect(try VerifyPackageCommand.fingerprints(key.derRepresentation.base64EncodedString()) == [fingerprint])
        #expect(try VerifyPackageCommand.fingerprints(pem.path) == [fingerprint])
        #expect(throws: CommandFailure.self) { try VerifyPackageCommand.fingerprints("not-a-key") }
    }

    @Test func withAnOperatorCertificateTheCasePackageIsSignedInTheDomainModeWithATimestamp() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let tsa = try await TestTSA.start(pki: pki)
        let server = try await SiteServer.start(CasePackageTests.site)
        defer { Task { await server.stop(); await tsa.stop() } }
        try await withApp { app in
            // setup: the operator's certificate named by the environment, the test TSA configured,
            // and the capture file closed and stamped before packaging
            let identity = try pki.makeDomainCertificate(commonName: "evidence.fictional-ministry.example")
            let certificate = app.kaiguul.dataDirectory.appendingPathComponent("operator-chain.pem")
            let key = app.kaiguul.dataDirectory.appendingPathComponent("operator-key.pem")
            try identity.chainPEM.write(to: certificate, atomically: true, encoding: .utf8)
            try identity.keyPEM.write(to: key, atomically: true, encoding: .utf8)
            try app.loadSigningKeys(env: [
                "KAIGUUL_SIGNING_CERT": certificate.path, "KAIGUUL_SIGNING_CERT_KEY": key.path,
            ])
            app.timestampAuthorities = TimestampAuthorities(
                urls: [tsa.url], trustedRootsPEM: pki.rootPEM, timestampMinutes: 60)
            let f = try await CasePackageTests.fixture(app, server: server)
            await f.services.timestamper.closeAndStamp(within: .seconds(60))
            let out = app.kaiguul.dataDirectory.appendingPathComponent("domain.wacz")

            // MUT
            try await CasePackage.write(
                try #require(try await CaseRecord.find(f.caseID, on: app.db)), to: out, actor: .commandLine,
                packagedBy: "command line (test)", app: app)
            let report = await PackageVerifier.verify(
                package: out, trust: PackageTrust(instanceKeys: Self.fingerprints(app), trustedRootsPEM: pki.rootPEM))

            // validate: the domain fields, and every check, the collection timestamps included
            let signed = try Self.signedData(out)
            #expect(signed["domain"] == "evidence.fictional-ministry.example" && signed["publicKey"] == nil)
            #expect(signed["timeSignature"] != nil && signed["timestampCert"]?.contains("BEGIN CERTIFICATE") == true)
            #expect(report.passed && report.signatureMode == "domain", "\(report.failures)")
            for id in ["signature", "domain", "domain_chain", "time_signature", "custody_signature"] {
                #expect(report.checks.filter { $0.id == id }.map(\.outcome) == [.passed], "\(id)")
            }
            let stamps = report.checks.filter { $0.id == "timestamp" }
            #expect(!stamps.isEmpty && stamps.allSatisfy { $0.outcome == .passed }, "\(stamps)")
            Self.keepDomainSample(out, pki: pki, as: "signed-case-domain")
        }
    }

    /// Beside the package: authsign's trusted-roots YAML and the root PEM, as `scripts/check-package.py` wants.
    static func keepDomainSample(_ package: URL, pki: TestPKI, as name: String) {
        guard let base = ProcessInfo.processInfo.environment["KAIGUUL_EVIDENCE_SAMPLES_DIR"], !base.isEmpty else {
            return
        }
        let directory = URL(fileURLWithPath: base).appendingPathComponent("package")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stem = "\(TestBackend.postgresURL == nil ? "sqlite" : "postgres")-\(name)"
        let yaml = "domain_cert_roots:\n  - \(pki.rootFingerprint)\ntimestamp_cert_roots:\n  - \(pki.rootFingerprint)\n"
        for suffix in [".wacz", ".roots.yaml", ".roots.pem"] {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(stem + suffix))
        }
        try? FileManager.default.copyItem(at: package, to: directory.appendingPathComponent(stem + ".wacz"))
        try? yaml.write(to: directory.appendingPathComponent(stem + ".roots.yaml"), atomically: true, encoding: .utf8)
        try? pki.rootPEM.write(to: directory.appendingPathComponent(stem + ".roots.pem"), atomically: true, encoding: .utf8)
    }
}
