import Foundation
import LoopbackHTTP
import NIOSSL
import Testing

@testable import Monitor

/// HTTPS and proxies: a certificate is verified for the name asked for while the connection goes
/// to the address the guard checked, and a proxy carries requests without bypassing the guard.
@Suite(.serialized) struct ProxyAndTLSTests {
    /// A throwaway certificate authority and a certificate it signed for `fictional-site.test`,
    /// made with the openssl command-line tool into a temporary folder.
    struct Certificates {
        let directory: URL
        var caFile: String { directory.appendingPathComponent("ca.pem").path }
        var siteCertificate: String { directory.appendingPathComponent("site.pem").path }
        var siteKey: String { directory.appendingPathComponent("site.key").path }

        static func make() throws -> Certificates {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("kaiguul-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let script = """
                set -e
                cd "$1"
                printf 'subjectAltName=DNS:fictional-site.test\\nbasicConstraints=CA:FALSE\\nextendedKeyUsage=serverAuth\\n' > site.ext
                openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem \
                    -days 2 -subj "/CN=Kaiguul Test CA" -addext "basicConstraints=critical,CA:TRUE" \
                    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
                openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout site.key -out site.csr \
                    -subj "/CN=fictional-site.test" 2>/dev/null
                openssl x509 -req -in site.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out site.pem -days 2 \
                    -extfile site.ext 2>/dev/null
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script, "sh", directory.path]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw CertificateError.openssl(process.terminationStatus) }
            return Certificates(directory: directory)
        }

        func serverContext() throws -> NIOSSLContext {
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(siteCertificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: siteKey, format: .pem)))
            return try NIOSSLContext(configuration: configuration)
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    enum CertificateError: Error { case openssl(Int32) }

    static let page = Array("<html><body><p>An invented page over TLS.</p></body></html>".utf8)

    func withHTTPS(
        trusting: Bool, names: [String: [String]],
        _ body: (LoopbackServer, Fetcher) async throws -> Void
    ) async throws {
        let certificates = try Certificates.make()
        defer { certificates.remove() }
        var configuration = FetcherTests.configuration()
        configuration.maximumAttempts = 1
        if trusting { configuration.extraTrustRootsFile = certificates.caFile }
        try await LoopbackServer.withFetcher(configuration: configuration, resolver: FakeResolver(table: names),
                                             tls: try certificates.serverContext(), { _ in .ok(Self.page) }, body)
    }

    @Test func httpsIsVerifiedForTheNameAndConnectsToTheCheckedAddress() async throws {
        try await withHTTPS(trusting: true, names: ["fictional-site.test": ["127.0.0.1"]]) { server, fetcher in
            let result = await fetcher.fetch("https://fictional-site.test:\(server.port)/page")
            #expect(result.outcome == .complete, "\(result.outcome)")
            let exchange = try #require(result.final)
            #expect(exchange.status == 200 && exchange.body == Self.page)
            #expect(exchange.url == "https://fictional-site.test:\(server.port)/page")
            #expect(exchange.remoteAddress == "127.0.0.1" && exchange.proxy == nil)
            #expect(server.requests.first?.header("host") == "fictional-site.test:\(server.port)")
        }
    }

    @Test func anUntrustedCertificateIsAFailureAndNothingIsSent() async throws {
        try await withHTTPS(trusting: false, names: ["fictional-site.test": ["127.0.0.1"]]) { server, fetcher in
            let result = await fetcher.fetch("https://fictional-site.test:\(server.port)/page")
            guard case .failed(.connectionFailed) = result.outcome else {
                Issue.record("expected a TLS failure, got \(result.outcome)")
                return
            }
            #expect(result.exchanges.isEmpty && server.requests.isEmpty)
        }
    }

    @Test func aCertificateForAnotherNameIsAFailure() async throws {
        try await withHTTPS(trusting: true, names: ["other-name.test": ["127.0.0.1"]]) { server, fetcher in
            let result = await fetcher.fetch("https://other-name.test:\(server.port)/page")
            guard case .failed(.connectionFailed) = result.outcome else {
                Issue.record("expected a name mismatch failure, got \(result.outcome)")
                return
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test func anHTTPProxyCarriesTheRequestAndTheGuardStillChecksTheTarget() async throws {
        let proxy = try await LoopbackServer.start { _ in .ok(Self.page) }
        var configuration = FetcherTests.configuration()
        configuration.proxy = .http(host: "127.0.0.1", port: proxy.port)
        let resolver = FakeResolver(table: ["fictional-site.test": ["127.0.0.1"], "inside.test": ["10.1.2.3"]])
        let fetcher = Fetcher(configuration: configuration, resolver: resolver)
        defer { Task { await fetcher.shutdown(); await proxy.stop() } }

        let result = await fetcher.fetch("http://fictional-site.test:8089/page?x=1")
        #expect(result.outcome == .complete, "\(result.outcome)")
        let exchange = try #require(result.final)
        #expect(exchange.status == 200 && exchange.body == Self.page)
        // The proxy was asked for a tunnel to the checked address, not the name (no second DNS
        // answer on its side), and the request with the name in Host went through the tunnel.
        #expect(proxy.requests.map(\.path) == ["127.0.0.1:8089", "/page?x=1"])
        #expect(proxy.requests.last?.header("host") == "fictional-site.test:8089")
        #expect(exchange.remoteAddress == "127.0.0.1" && exchange.proxy == "http://127.0.0.1:\(proxy.port)")

        // A name that resolves inside is refused before the proxy hears of it.
        let inside = await fetcher.fetch("http://inside.test/")
        #expect(inside.failure == .addressRefused(host: "inside.test", address: "10.1.2.3", reason: "private"))
        let literal = await fetcher.fetch("http://127.0.0.2/")
        #expect(literal.failure.map { if case .addressRefused = $0 { true } else { false } } == true)
        #expect(proxy.requests.count == 2)
    }

    @Test func aSOCKS5ProxyCarriesTheRequestToTheCheckedAddress() async throws {
        let proxy = try await LoopbackServer.start(socks: true) { _ in .ok(Self.page) }
        var configuration = FetcherTests.configuration()
        configuration.proxy = .socks(host: "127.0.0.1", port: proxy.port)
        let resolver = FakeResolver(table: ["fictional-site.test": ["127.0.0.1"], "inside.test": ["192.168.7.7"]])
        let fetcher = Fetcher(configuration: configuration, resolver: resolver)
        defer { Task { await fetcher.shutdown(); await proxy.stop() } }

        let result = await fetcher.fetch("http://fictional-site.test:8090/socks-page")
        #expect(result.outcome == .complete, "\(result.outcome)")
        #expect(result.final?.body == Self.page)
        #expect(result.final?.proxy == "socks5://127.0.0.1:\(proxy.port)")
        // As with the HTTP proxy, the tunnel goes to the checked address, not the name.
        #expect(proxy.requests.first?.path == "socks 127.0.0.1:8090")
        #expect(proxy.requests.last?.path == "/socks-page")
        #expect(proxy.requests.last?.header("host") == "fictional-site.test:8090")
        let inside = await fetcher.fetch("http://inside.test/")
        #expect(inside.failure == .addressRefused(host: "inside.test", address: "192.168.7.7", reason: "private"))
        #expect(proxy.requests.count == 2)
    }

    @Test func proxySettingIsReadFromTheEnvironment() throws {
        let http = try FetcherConfiguration.fromEnvironment(["KAIGUUL_FETCH_PROXY": "http://gateway.example:3128"])
        #expect(http.proxy == .http(host: "gateway.example", port: 3128))
        let socks = try FetcherConfiguration.fromEnvironment(["KAIGUUL_FETCH_PROXY": "socks5://127.0.0.1:1080"])
        #expect(socks.proxy == .socks(host: "127.0.0.1", port: 1080))
        #expect(socks.proxy?.description == "socks5://127.0.0.1:1080")
        #expect(throws: FetchFailure.self) {
            try FetcherConfiguration.fromEnvironment(["KAIGUUL_FETCH_PROXY": "ftp://gateway.example:21"])
        }
        #expect(throws: FetchFailure.self) {
            try FetcherConfiguration.fromEnvironment(["KAIGUUL_FETCH_CA_FILE": "/nonexistent/ca.pem"])
        }
    }
}
