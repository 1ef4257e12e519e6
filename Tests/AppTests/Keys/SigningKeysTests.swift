import Crypto
import Fluent
import Foundation
import LoopbackHTTP
import Testing
import Vapor

@testable import App

@Suite("Signing keys") struct SigningKeysTests {
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func mode(_ url: URL) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    /// Starts an application on `dir` (SQLite: the keys do not depend on the database) and returns its keys.
    static func startApp(on dir: URL) async throws -> SigningKeys {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .error
        do {
            let config = AppConfig(dataDirectory: dir, databaseURL: nil, bcryptCost: 4, secureCookies: false,
                                   uploadLimitBytes: 1_048_576, sessionLifetime: 3600)
            try await configure(app, config: config)
            let keys = app.signingKeys
            try await app.asyncShutdown()
            return keys
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    @Test func keysAreMadeOnceWithMode0600AndKeptAcrossStarts() async throws {
        // setup
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyDir = dir.appendingPathComponent("keys")
        // MUT
        let first = try await Self.startApp(on: dir)
        let files = try [KeyStore.waczFile, KeyStore.auditFile].map {
            try Data(contentsOf: keyDir.appendingPathComponent($0))
        }
        let second = try await Self.startApp(on: dir)
        // validate
        #expect(try Self.mode(keyDir) == 0o700)
        for name in [KeyStore.waczFile, KeyStore.auditFile] {
            #expect(try Self.mode(keyDir.appendingPathComponent(name)) == 0o600, "\(name)")
        }
        #expect(try [KeyStore.waczFile, KeyStore.auditFile].map { try Data(contentsOf: keyDir.appendingPathComponent($0)) }
            == files)
        #expect(first.document == second.document)
        #expect(first.waczPublic.fingerprint == second.waczPublic.fingerprint)
        #expect(first.auditPublic.fingerprint == second.auditPublic.fingerprint)
        #expect(first.waczPublic.fingerprint != first.auditPublic.fingerprint)
    }

    @Test func aKeyFileTheEnvironmentNamesMustExist() throws {
        // setup
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The folder exists, so only the rule (never make a key the operator named) stops a new file.
        let missing = dir.appendingPathComponent("audit.pem")
        let locations = KeyStore.Locations.from(dataDirectory: dir, env: ["KAIGUUL_AUDIT_KEY_FILE": missing.path])
        // MUT
        #expect(throws: KeyStoreError.self) { try KeyStore.loadOrCreate(locations) }
        // validate: nothing was made in its place
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }

    @Test func aKeyOthersCanReadGivesAWarning() throws {
        // setup
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let locations = KeyStore.Locations.from(dataDirectory: dir, env: [:])
        #expect(try KeyStore.loadOrCreate(locations).warnings.isEmpty)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: locations.waczKey.path)
        // MUT
        let warnings = try KeyStore.loadOrCreate(locations).warnings
        // validate
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains(locations.waczKey.path) == true)
    }

    @Test func rotationRetiresTheOldKeyAndKeepsItForVerification() async throws {
        try await withApp { app in
            // setup: a signature made with the key about to be retired
            let before = app.signingKeys
            let statement = Data("datapackage hash of a case package".utf8)
            let oldSignature = try before.wacz.signature(for: statement)
            let keyFile = app.kaiguul.dataDirectory.appendingPathComponent("keys").appendingPathComponent(KeyStore.waczFile)
            // A second name for the old key's blocks shows whether they were overwritten before the unlink.
            let secondName = app.kaiguul.dataDirectory.appendingPathComponent("old-key-blocks")
            try FileManager.default.linkItem(at: keyFile, to: secondName)
            let oldSize = try Data(contentsOf: keyFile).count
            // MUT
            let rotated = try await KeysCommand.rotate(.wacz, app: app, t: Translator(language: .en), env: [:])
            // validate
            let after = app.signingKeys
            #expect(rotated.retired.fingerprint == before.waczPublic.fingerprint)
            #expect(rotated.retired.retired != nil)
            #expect(rotated.current.fingerprint == after.waczPublic.fingerprint)
            #expect(after.waczPublic.fingerprint != before.waczPublic.fingerprint)
            #expect(after.auditPublic == before.auditPublic)
            let verifying = after.verificationKeys(for: .wacz)
            #expect(verifying.map(\.fingerprint) == [after.waczPublic.fingerprint, before.waczPublic.fingerprint])
            #expect(verifying.contains { $0.p256Key?.isValidSignature(oldSignature, for: statement) == true })
            #expect(after.document.keys.contains { $0.fingerprint == before.waczPublic.fingerprint && $0.retired != nil })
            #expect(try SigningKeysTests.mode(keyFile) == 0o600)
            #expect(try Data(contentsOf: secondName) == Data(count: oldSize))
            // The personal data keys' folder lives beside the signing keys; no other file may be left.
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: keyFile.deletingLastPathComponent().path)
                .filter { $0 != "personal" }
            #expect(leftovers.sorted() == [KeyStore.auditFile, KeyStore.retiredFile, KeyStore.waczFile])
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "keys.rotate").first())
            #expect(entry.objectID == "wacz")
            // a restart reads the same: the retired key is still published
            try app.loadSigningKeys(env: [:])
            #expect(app.signingKeys.document == after.document)
        }
    }

    @Test func rotationRefusesAKeyTheEnvironmentNames() async throws {
        try await withApp { app in
            // setup: the operator's key, on "another volume"
            let volume = app.kaiguul.dataDirectory.appendingPathComponent("token")
            try FileManager.default.createDirectory(at: volume, withIntermediateDirectories: true)
            let file = volume.appendingPathComponent("audit.pem")
            try KeyStore.writeExclusive(file, Data(KeyStore.newPrivateKeyPEM(.audit).utf8))
            let env = ["KAIGUUL_AUDIT_KEY_FILE": file.path]
            try app.loadSigningKeys(env: env)
            let before = try Data(contentsOf: file)
            // MUT
            await #expect(throws: CommandFailure.self) {
                try await KeysCommand.rotate(.audit, app: app, t: Translator(language: .en), env: env)
            }
            // validate
            #expect(try Data(contentsOf: file) == before)
            #expect(app.signingKeys.retired.isEmpty)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "keys.rotate").count() == 0)
        }
    }

    @Test func theWellKnownDocumentIsPublicAndIsWhatKeysShowPrints() async throws {
        try await withApp { app in
            // setup: one rotation, so the document has a retired key too
            _ = try await KeysCommand.rotate(.audit, app: app, t: Translator(language: .en), env: [:])
            // MUT: no login
            let page = try await Browser(app).get("/.well-known/kaiguul-keys.json")
            // validate
            #expect(page.status == .ok)
            #expect(page.headers.contentType == .json)
            #expect(page.headers.first(name: .cacheControl) == "public, max-age=300")
            #expect(page.bytes == (try app.signingKeys.document.json()))
            let document = try JSONDecoder().decode(KeysDocument.self, from: page.bytes)
            #expect(document.keys.map(\.use) == [.wacz, .audit, .audit])
            #expect(document.keys.map { $0.retired == nil } == [true, true, false])
            let table = KeysCommand.table(document, Translator(language: .en))
            for key in document.keys { #expect(table.contains(key.fingerprint) && table.contains(key.publicKey)) }
            #expect(table.contains("retired \(try #require(document.keys[2].retired))"))
        }
    }

    /// The published keys are standard SubjectPublicKeyInfo: openssl reads both, and the
    /// fingerprint is the SHA-256 of those DER bytes.
    @Test func opensslReadsThePublishedKeys() throws {
        // setup
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let keys = try KeyStore.loadOrCreate(KeyStore.Locations.from(dataDirectory: dir, env: [:])).keys
        for key in keys.published {
            let der = try #require(Data(base64Encoded: key.publicKey))
            let file = dir.appendingPathComponent("\(key.use.rawValue).der")
            try der.write(to: file)
            // MUT
            let result = try OpenSSLCommand.run(["pkey", "-pubin", "-inform", "DER", "-in", file.path, "-noout", "-text"])
            // validate
            #expect(result.status == 0, "\(key.algorithm): \(result.errors)")
            #expect(result.output.contains(key.algorithm == "ed25519" ? "ED25519 Public-Key" : "Public-Key: (256 bit)"))
            let digest = SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()
            #expect(key.fingerprint == "sha256:" + digest)
        }
    }
}
