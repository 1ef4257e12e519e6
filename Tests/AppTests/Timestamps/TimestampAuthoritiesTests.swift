import Crypto
import Evidence
import Foundation
import LoopbackHTTP
import Testing
import Vapor

@testable import App

/// Sending digests to time-stamping authorities: good answers kept, failing authorities skipped.
@Suite struct TimestampAuthoritiesTests {
    static let digest = Array(SHA256.hash(data: Array("Fictional capture: Naryn Beekeepers' Union price list".utf8)))

    @Test func stampsThroughATestTSAAndSkipsADeadOne() async throws {
        try await withApp { app in
            // setup
            let pki = try TestPKI.make()
            let tsa = try await TestTSA.start(pki: pki)
            let dead = try await LoopbackServer.start { _ in .notFound }
            let deadURL = dead.url("/tsa")
            await dead.stop()
            app.timestampAuthorities = TimestampAuthorities(urls: [deadURL, tsa.url], trustedRootsPEM: pki.rootPEM,
                                                            timestampMinutes: 60)
            // MUT
            // (a dead authority costs the HTTP client's connect timeout, so only one call meets it)
            let viaVapor = await TimestampAuthorities(urls: [tsa.url], trustedRootsPEM: pki.rootPEM, timestampMinutes: 60)
                .stamp(sha256: Self.digest, client: app.client, logger: app.logger)
            let viaHTTPClient = await app.timestampAuthorities.stamp(sha256: Self.digest,
                                                                     client: app.http.client.shared, logger: app.logger)
            await tsa.stop()
            // validate
            for tokens in [viaVapor, viaHTTPClient] {
                #expect(tokens.count == 1)
                #expect(tokens.first?.tsa == tsa.url)
                let response = try #require(tokens.first?.response)
                #expect(await TimestampVerifier.verify(response: Array(response), sha256: Self.digest,
                                                       trustedRootsPEM: pki.rootPEM).isValid)
                #expect(abs((tokens.first?.genTime ?? .distantPast).timeIntervalSinceNow) < 300)
            }
        }
    }

    @Test func refusingGarbledAndUntrustedAuthoritiesGiveNoToken() async throws {
        try await withApp { app in
            // setup
            let pki = try TestPKI.make()
            let otherPKI = try TestPKI.make(name: "Unrelated Fictional Root")
            let rejecting = try await TestTSA.start(pki: pki, key: .ec, behaviour: .rejecting)
            let garbage = try await TestTSA.start(pki: pki, key: .ec, behaviour: .garbage)
            let untrusted = try await TestTSA.start(pki: otherPKI, key: .ec)
            app.timestampAuthorities = TimestampAuthorities(urls: [rejecting.url, garbage.url, untrusted.url],
                                                            trustedRootsPEM: pki.rootPEM, timestampMinutes: 60)
            // MUT
            let tokens = await app.timestampAuthorities.stamp(sha256: Self.digest, client: app.http.client.shared,
                                                              logger: app.logger)
            // validate
            #expect(tokens.isEmpty)
            #expect(rejecting.requestCount == 1 && garbage.requestCount == 1 && untrusted.requestCount == 1)
            // Without configured roots the untrusted TSA's token is kept (shape and digest checked only).
            app.timestampAuthorities.trustedRootsPEM = nil
            let unverified = await app.timestampAuthorities.stamp(sha256: Self.digest, client: app.http.client.shared,
                                                                  logger: app.logger)
            #expect(unverified.map(\.tsa) == [untrusted.url])
            for tsa in [rejecting, garbage, untrusted] { await tsa.stop() }
        }
    }

    @Test func readsTheEnvironment() throws {
        // setup
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-tsa-env-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try TestPKI.make()
        let roots = directory.appendingPathComponent("roots.pem")
        try pki.rootPEM.write(to: roots, atomically: true, encoding: .utf8)
        // MUT + validate
        let none = try TimestampAuthorities.from(env: [:])
        #expect(!none.isConfigured && none.timestampMinutes == 60 && none.trustedRootsPEM == nil)
        let two = try TimestampAuthorities.from(env: [
            "KAIGUUL_TSA_URLS": " https://tsa.example/tsr , http://127.0.0.1:8318/ ",
            "KAIGUUL_TSA_ROOTS": roots.path, "KAIGUUL_TIMESTAMP_MINUTES": "15",
        ])
        #expect(two.urls == ["https://tsa.example/tsr", "http://127.0.0.1:8318/"])
        #expect(two.isConfigured && two.timestampMinutes == 15 && two.trustedRootsPEM == pki.rootPEM)
        #expect(throws: TimestampAuthorities.ConfigurationError.self) {
            try TimestampAuthorities.from(env: ["KAIGUUL_TSA_URLS": "ftp://tsa.example/"])
        }
        #expect(throws: TimestampAuthorities.ConfigurationError.self) {
            try TimestampAuthorities.from(env: ["KAIGUUL_TSA_ROOTS": directory.appendingPathComponent("none.pem").path])
        }
        #expect(throws: TimestampAuthorities.ConfigurationError.self) {
            try TimestampAuthorities.from(env: ["KAIGUUL_TIMESTAMP_MINUTES": "0"])
        }
    }
}
