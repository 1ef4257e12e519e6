import Foundation
import LoopbackHTTP
import NIOCore
import Testing

@testable import Monitor

/// The guard proxy that Chromium and yt-dlp are given: what the fetcher may reach passes, what it may
/// not is refused with a 403 and recorded, and the upstream proxy and politeness apply as they do to
/// the fetcher. Requests are written byte for byte, as a tool writes them.
@Suite(.serialized) struct GuardProxyTests {
    static let page = "<html><body><p>An invented page of the Fictional Gardening Society.</p></body></html>"

    func withSite<T>(
        configuration: FetcherConfiguration = GuardProxy.testFetcherConfiguration(),
        resolver: any HostResolver = SystemResolver(), limits: GuardProxyLimits = GuardProxyLimits(),
        _ route: @escaping @Sendable (LoopbackServer.SeenRequest) -> LoopbackServer.Reply = { _ in .ok(Self.page) },
        _ body: (LoopbackServer, GuardProxy) async throws -> T
    ) async throws -> T {
        let server = try await LoopbackServer.start(route)
        do {
            let result = try await GuardProxy.withTestProxy(configuration: configuration, resolver: resolver,
                                                            limits: limits) { proxy in
                try await body(server, proxy)
            }
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    // MARK: What passes

    @Test func anAllowedSitePassesInAbsoluteFormAsOneOriginFormRequest() async throws {
        try await withSite { server, proxy in
            #expect(proxy.url == "http://127.0.0.1:\(proxy.port)")
            let response = try await RawProxyClient.exchange(
                "GET http://127.0.0.1:\(server.port)/page?x=1 HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"
                    + "User-Agent: FictionalTool/1\r\nProxy-Connection: keep-alive\r\nConnection: keep-alive\r\n"
                    + "Proxy-Authorization: Basic c2VjcmV0\r\n\r\n",
                port: proxy.port)
            #expect(response.proxyStatusLine == "HTTP/1.1 200 OK")
            #expect(response.proxyResponseBody == Self.page)
            // The tool is told the connection ends, so its next request comes on a new, checked one.
            #expect(response.contains("\r\nConnection: close\r\n"))
            let seen = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(seen.path == "/page?x=1")
            #expect(seen.header("host") == "127.0.0.1:\(server.port)")
            #expect(seen.header("user-agent") == "FictionalTool/1")
            #expect(seen.header("connection") == "close")
            #expect(seen.header("proxy-connection") == nil && seen.header("proxy-authorization") == nil)
            #expect(proxy.refusals().isEmpty)
        }
    }

    @Test func anAllowedSitePassesThroughATunnel() async throws {
        try await withSite { server, proxy in
            let response = try await RawProxyClient.connect(port: proxy.port) { reader, writer, _ in
                try await writer.write(ByteBuffer(string: "CONNECT 127.0.0.1:\(server.port) HTTP/1.1\r\n"
                                                      + "Host: 127.0.0.1:\(server.port)\r\n\r\n"))
                let established = try await RawProxyClient.readHead(&reader)
                #expect(established.hasPrefix("HTTP/1.1 200 "))
                try await writer.write(ByteBuffer(string: "GET /through HTTP/1.1\r\nHost: site.test\r\n\r\n"))
                return await RawProxyClient.readAll(&reader)
            }
            #expect(response.proxyStatusLine == "HTTP/1.1 200 OK")
            #expect(response.proxyResponseBody == Self.page)
            #expect(server.requests.map(\.path) == ["/through"])
            #expect(proxy.refusals().isEmpty)
        }
    }

    @Test func aNameIsResolvedByTheFetchersResolverAndTheCheckedAddressIsUsed() async throws {
        let resolver = FakeResolver(table: ["fictional-site.test": ["127.0.0.1"]])
        try await withSite(resolver: resolver) { server, proxy in
            let response = try await RawProxyClient.exchange(
                "GET http://fictional-site.test:\(server.port)/named HTTP/1.1\r\nHost: elsewhere.test\r\n\r\n",
                port: proxy.port)
            #expect(response.proxyStatusLine == "HTTP/1.1 200 OK")
            #expect(resolver.lookups("fictional-site.test") == 1)
            // Host comes from the checked URL, not from the tool's header.
            #expect(server.requests.first?.header("host") == "fictional-site.test:\(server.port)")
            #expect(server.requests.first?.headers.filter { $0.0.lowercased() == "host" }.count == 1)
        }
    }

    // MARK: What is refused

    @Test func loopbackOutsideTheAllowListIsRefusedAndRecorded() async throws {
        try await withSite { server, proxy in
            let response = try await RawProxyClient.exchange(
                "GET http://127.0.0.2:\(server.port)/inside HTTP/1.1\r\nHost: 127.0.0.2\r\n\r\n", port: proxy.port)
            #expect(response.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            #expect(response.proxyResponseBody.contains("loopback"))
            let refusal = try #require(proxy.refusals().first)
            #expect(proxy.refusals().count == 1)
            #expect(refusal.host == "127.0.0.2" && refusal.port == server.port)
            #expect(refusal.url == "http://127.0.0.2:\(server.port)/inside")
            #expect(refusal.address == "127.0.0.2" && refusal.reason == "address refused: loopback")
            #expect(server.requests.isEmpty)
        }
    }

    @Test func aNameResolvingToAPrivateAddressIsRefused() async throws {
        let resolver = FakeResolver(table: ["inside.test": ["10.1.2.3"], "mixed.test": ["127.0.0.1", "192.168.4.5"]])
        try await withSite(resolver: resolver) { server, proxy in
            let inside = try await RawProxyClient.exchange(
                "GET http://inside.test/admin HTTP/1.1\r\nHost: inside.test\r\n\r\n", port: proxy.port)
            #expect(inside.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            // Every address is checked: one allowed answer does not let the private one through.
            let mixed = try await RawProxyClient.exchange(
                "CONNECT mixed.test:\(server.port) HTTP/1.1\r\nHost: mixed.test:\(server.port)\r\n\r\n",
                port: proxy.port)
            #expect(mixed.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            let refusals = proxy.refusals()
            #expect(refusals.map(\.host) == ["inside.test", "mixed.test"])
            #expect(refusals.map(\.address) == ["10.1.2.3", "192.168.4.5"])
            #expect(refusals.map(\.reason) == ["address refused: private", "address refused: private"])
            #expect(refusals.map(\.url) == ["http://inside.test/admin", nil])
            #expect(server.requests.isEmpty)
        }
    }

    @Test func theCloudMetadataAddressIsRefused() async throws {
        try await withSite { _, proxy in
            let response = try await RawProxyClient.exchange(
                "GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n",
                port: proxy.port)
            #expect(response.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            let refusal = try #require(proxy.refusals().first)
            #expect(refusal.address == "169.254.169.254" && refusal.port == 80)
            #expect(refusal.reason == "address refused: link-local or cloud metadata")
        }
    }

    @Test func aRedirectHopToAPrivateAddressIsRefusedWhenTheToolFollowsIt() async throws {
        try await withSite({ request in
            request.path == "/start" ? .redirect("http://127.0.0.2:8080/secret") : .ok(Self.page)
        }) { server, proxy in
            // The proxy does not follow redirects; it passes the 302 on and checks the next request.
            let first = try await RawProxyClient.exchange(
                "GET http://127.0.0.1:\(server.port)/start HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", port: proxy.port)
            #expect(first.proxyStatusLine == "HTTP/1.1 302 Found")
            #expect(first.contains("Location: http://127.0.0.2:8080/secret\r\n"))
            let hop = try await RawProxyClient.exchange(
                "GET http://127.0.0.2:8080/secret HTTP/1.1\r\nHost: 127.0.0.2:8080\r\n\r\n", port: proxy.port)
            #expect(hop.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            #expect(proxy.refusals().map(\.url) == ["http://127.0.0.2:8080/secret"])
            #expect(server.requests.map(\.path) == ["/start"])
        }
    }

    @Test func aTunnelToARefusedAddressIsRefused() async throws {
        try await withSite { server, proxy in
            let response = try await RawProxyClient.exchange(
                "CONNECT 127.0.0.2:443 HTTP/1.1\r\nHost: 127.0.0.2:443\r\n\r\n", port: proxy.port)
            #expect(response.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            let v6 = try await RawProxyClient.exchange(
                "CONNECT [::ffff:10.0.0.1]:443 HTTP/1.1\r\nHost: [::ffff:10.0.0.1]:443\r\n\r\n", port: proxy.port)
            #expect(v6.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            let refusals = proxy.refusals()
            #expect(refusals.map(\.host) == ["127.0.0.2", "::ffff:10.0.0.1"])
            #expect(refusals.allSatisfy { $0.url == nil && $0.port == 443 })
            #expect(server.requests.isEmpty)
        }
    }

    @Test func aPublicAddressIsReachableOnWebPortsOnly() async throws {
        // Checked without connecting: the test runs offline.
        let resolver = FakeResolver(table: ["public.test": ["93.184.215.14"]])
        let addressGuard = AddressGuard(allowed: [CIDR("127.0.0.1/32")!])
        let ports: Set<Int> = [80, 443]
        let web = await ProxyDestination(host: "public.test", port: 443)
            .check(resolver: resolver, guard: addressGuard, ports: ports)
        #expect(web == .allowed(IPAddress("93.184.215.14")!))
        let mail = await ProxyDestination(host: "public.test", port: 25)
            .check(resolver: resolver, guard: addressGuard, ports: ports)
        #expect(mail == .refused(reason: "port 25 refused: only 80, 443", address: "93.184.215.14"))
        // Inside the operator's exceptions any port goes: that is where the loopback test sites live.
        let exception = await ProxyDestination(host: "127.0.0.1", port: 61234)
            .check(resolver: resolver, guard: addressGuard, ports: ports)
        #expect(exception == .allowed(IPAddress("127.0.0.1")!))
        let unknown = await ProxyDestination(host: "nowhere.test", port: 443)
            .check(resolver: resolver, guard: addressGuard, ports: ports)
        guard case .unreachable = unknown else {
            Issue.record("an unresolvable name is unreachable, not refused: \(unknown)")
            return
        }

        try await withSite(resolver: resolver) { _, proxy in
            let response = try await RawProxyClient.exchange(
                "CONNECT public.test:25 HTTP/1.1\r\nHost: public.test:25\r\n\r\n", port: proxy.port)
            #expect(response.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            #expect(proxy.refusals().first?.reason == "port 25 refused: only 80, 443")
            let unresolvable = try await RawProxyClient.exchange(
                "CONNECT nowhere.test:443 HTTP/1.1\r\nHost: nowhere.test:443\r\n\r\n", port: proxy.port)
            #expect(unresolvable.proxyStatusLine == "HTTP/1.1 502 Bad Gateway")
            #expect(proxy.refusals().count == 1)
        }
    }

    @Test func theProxyDoesNotConnectToItself() async throws {
        try await withSite { _, proxy in
            let response = try await RawProxyClient.exchange(
                "CONNECT 127.0.0.1:\(proxy.port) HTTP/1.1\r\nHost: 127.0.0.1:\(proxy.port)\r\n\r\n", port: proxy.port)
            #expect(response.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            #expect(proxy.refusals().first?.reason == "address refused: the guard proxy itself")
        }
    }

    @Test func otherSchemesAndCredentialsAreRefused() async throws {
        try await withSite { server, proxy in
            let https = try await RawProxyClient.exchange(
                "GET https://127.0.0.1:\(server.port)/ HTTP/1.1\r\nHost: x\r\n\r\n", port: proxy.port)
            let ftp = try await RawProxyClient.exchange("GET ftp://127.0.0.1/file HTTP/1.1\r\nHost: x\r\n\r\n",
                                                        port: proxy.port)
            let credentials = try await RawProxyClient.exchange(
                "GET http://user:pw@127.0.0.1:\(server.port)/ HTTP/1.1\r\nHost: x\r\n\r\n", port: proxy.port)
            for response in [https, ftp, credentials] {
                #expect(response.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            }
            #expect(proxy.refusals().map(\.reason) == [
                "https requested in absolute form (CONNECT expected)", "unsupported scheme: ftp", "URL carries credentials",
            ])
            #expect(server.requests.isEmpty)
        }
    }

    @Test func refusalsAreKeptUpToTheLimitAndCounted() async throws {
        var limits = GuardProxyLimits()
        limits.maximumRefusals = 2
        try await withSite(limits: limits) { _, proxy in
            for address in ["127.0.0.2", "127.0.0.3", "127.0.0.4"] {
                _ = try await RawProxyClient.exchange("CONNECT \(address):443 HTTP/1.1\r\n\r\n", port: proxy.port)
            }
            #expect(proxy.refusals().map(\.host) == ["127.0.0.2", "127.0.0.3"])
            #expect(proxy.droppedRefusals == 1)
        }
    }

    // MARK: Malformed requests

    @Test func malformedRequestsAreAnsweredWithoutReachingAnything() async throws {
        var limits = GuardProxyLimits()
        limits.maximumHeadBytes = 1024
        try await withSite(limits: limits) { server, proxy in
            let target = "http://127.0.0.1:\(server.port)/"
            let cases: [(String, String)] = [
                ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "400"),
                ("GET \(target) HTTP/1.1\nHost: x\n\n\r\n\r\n", "400"),
                ("GET \(target) HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", "400"),
                ("GET \(target) HTTP/2.0\r\n\r\n", "400"),
                ("CONNECT 127.0.0.1 HTTP/1.1\r\n\r\n", "400"),
                ("POST \(target) HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "411"),
                ("POST \(target) HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "400"),
                ("GET \(target) HTTP/1.1\r\nX-Filler: \(String(repeating: "a", count: 2000))\r\n\r\n", "431"),
            ]
            for (request, status) in cases {
                let response = try await RawProxyClient.exchange(request, port: proxy.port)
                #expect(response.proxyStatusLine.hasPrefix("HTTP/1.1 \(status) "), "\(request.prefix(60))")
            }
            #expect(server.requests.isEmpty)
            #expect(proxy.refusals().isEmpty)
        }
    }

    @Test func aPipelinedSecondRequestIsNeverForwarded() async throws {
        let server = try await ByteRecordingServer.start()
        let response = try await GuardProxy.withTestProxy { proxy in
            try await RawProxyClient.exchange(
                "GET http://127.0.0.1:\(server.port)/first HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET http://127.0.0.2:\(server.port)/second HTTP/1.1\r\nHost: x\r\n\r\n",
                port: proxy.port)
        }
        await server.stop()
        #expect(response.proxyStatusLine == "HTTP/1.1 200 OK")
        #expect(response.proxyResponseBody == "ok")
        // The second request was never checked, so not one of its bytes may reach the server.
        let sent = server.connections.map { String(decoding: $0, as: UTF8.self) }
        #expect(sent == ["GET /first HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nConnection: close\r\n\r\n"])
    }

    @Test func aRequestBodyIsForwardedToItsLengthAndNoFurther() async throws {
        let server = try await ByteRecordingServer.start()
        let response = try await GuardProxy.withTestProxy { proxy in
            try await RawProxyClient.exchange(
                "POST http://127.0.0.1:\(server.port)/form HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello, and more",
                port: proxy.port)
        }
        await server.stop()
        #expect(response.proxyStatusLine == "HTTP/1.1 200 OK")
        let sent = server.connections.map { String(decoding: $0, as: UTF8.self) }
        #expect(sent == ["POST /form HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nContent-Length: 5\r\n"
                         + "Connection: close\r\n\r\nhello"])
    }
}
