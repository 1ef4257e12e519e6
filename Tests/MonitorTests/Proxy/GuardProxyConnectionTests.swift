import Foundation
import LoopbackHTTP
import NIOCore
import Testing

@testable import Monitor

/// How the guard proxy reaches out (the fetcher's upstream proxy, politeness) and how it bounds what a
/// tool can hold (head, idle and total time, connections), and that `stop()` ends everything.
@Suite(.serialized) struct GuardProxyConnectionTests {
    static let page = "<html><body><p>An invented notice of the Fictional Beekeepers' Club.</p></body></html>"

    // MARK: A real client

    /// AsyncHTTPClient (inside a fetcher told to use the guard proxy as its proxy) opens a tunnel and
    /// speaks TLS through it, the certificate verified for the name: the tunnel carries bytes untouched.
    @Test func aRealClientReachesAnHTTPSSiteThroughATunnel() async throws {
        let certificates = try ProxyAndTLSTests.Certificates.make()
        defer { certificates.remove() }
        let server = try await LoopbackServer.start(tls: try certificates.serverContext()) { _ in .ok(Self.page) }
        defer { Task { await server.stop() } }
        let resolver = FakeResolver(table: ["fictional-site.test": ["127.0.0.1"]])
        try await GuardProxy.withTestProxy(resolver: resolver) { proxy in
            var configuration = FetcherTests.configuration()
            configuration.maximumAttempts = 1
            configuration.extraTrustRootsFile = certificates.caFile
            configuration.proxy = .http(host: "127.0.0.1", port: proxy.port)
            let client = Fetcher(configuration: configuration, resolver: resolver)
            let result = await client.fetch("https://fictional-site.test:\(server.port)/secure")
            await client.shutdown()
            #expect(result.outcome == .complete, "\(result.outcome)")
            #expect(result.final?.body == Array(Self.page.utf8))
            #expect(server.requests.map(\.path) == ["/secure"])
            #expect(server.requests.first?.header("host") == "fictional-site.test:\(server.port)")
            #expect(proxy.refusals().isEmpty)
        }
    }

    // MARK: Upstream proxy

    @Test func anUpstreamHTTPProxyIsAskedForATunnelToTheCheckedAddress() async throws {
        let upstream = try await LoopbackServer.start { _ in .ok(Self.page) }
        defer { Task { await upstream.stop() } }
        var configuration = GuardProxy.testFetcherConfiguration()
        configuration.proxy = .http(host: "127.0.0.1", port: upstream.port)
        let resolver = FakeResolver(table: ["fictional-site.test": ["127.0.0.1"], "inside.test": ["10.9.8.7"]])
        try await GuardProxy.withTestProxy(configuration: configuration, resolver: resolver) { proxy in
            let response = try await RawProxyClient.exchange(
                "GET http://fictional-site.test:8089/page?x=1 HTTP/1.1\r\nHost: fictional-site.test:8089\r\n\r\n",
                port: proxy.port)
            #expect(response.proxyStatusLine == "HTTP/1.1 200 OK")
            #expect(response.proxyResponseBody == Self.page)
            // The upstream proxy heard the checked address, never the name, then the request itself.
            #expect(upstream.requests.map(\.path) == ["127.0.0.1:8089", "/page?x=1"])
            #expect(upstream.requests.last?.header("host") == "fictional-site.test:8089")

            let tunnel = try await RawProxyClient.connect(port: proxy.port) { reader, writer, _ in
                try await writer.write(ByteBuffer(string: "CONNECT fictional-site.test:8443 HTTP/1.1\r\n\r\n"))
                let established = try await RawProxyClient.readHead(&reader)
                try await writer.write(ByteBuffer(string: "GET /tunnelled HTTP/1.1\r\nHost: fictional-site.test\r\n\r\n"))
                return established + (await RawProxyClient.readAll(&reader))
            }
            #expect(tunnel.proxyStatusLine.hasPrefix("HTTP/1.1 200 "))
            #expect(upstream.requests.map(\.path).suffix(2) == ["127.0.0.1:8443", "/tunnelled"])

            let inside = try await RawProxyClient.exchange("CONNECT inside.test:443 HTTP/1.1\r\n\r\n", port: proxy.port)
            #expect(inside.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            #expect(upstream.requests.count == 4)
        }
    }

    @Test func anUpstreamSOCKS5ProxyIsAskedForTheCheckedAddress() async throws {
        let upstream = try await LoopbackServer.start(socks: true) { _ in .ok(Self.page) }
        defer { Task { await upstream.stop() } }
        var configuration = GuardProxy.testFetcherConfiguration()
        configuration.proxy = .socks(host: "127.0.0.1", port: upstream.port)
        let resolver = FakeResolver(table: ["fictional-site.test": ["127.0.0.1"], "inside.test": ["192.168.7.7"]])
        try await GuardProxy.withTestProxy(configuration: configuration, resolver: resolver) { proxy in
            let response = try await RawProxyClient.exchange(
                "GET http://fictional-site.test:8090/socks-page HTTP/1.1\r\nHost: x\r\n\r\n", port: proxy.port)
            #expect(response.proxyStatusLine == "HTTP/1.1 200 OK")
            #expect(response.proxyResponseBody == Self.page)
            #expect(upstream.requests.map(\.path) == ["socks 127.0.0.1:8090", "/socks-page"])
            #expect(upstream.requests.last?.header("host") == "fictional-site.test:8090")
            let inside = try await RawProxyClient.exchange("GET http://inside.test/ HTTP/1.1\r\n\r\n", port: proxy.port)
            #expect(inside.proxyStatusLine == "HTTP/1.1 403 Forbidden")
            #expect(upstream.requests.count == 2)
        }
    }

    // MARK: Politeness

    @Test func openingsToOneHostAreSpacedButATunnelHoldsNoSlot() async throws {
        let server = try await LoopbackServer.start { _ in .ok(Self.page) }
        defer { Task { await server.stop() } }
        var configuration = GuardProxy.testFetcherConfiguration()
        configuration.minimumDelayPerHost = .milliseconds(400)
        // One slot per host: were a tunnel to hold it for its life, the second tunnel would never open.
        configuration.maximumConcurrentPerHost = 1
        let clock = ContinuousClock()
        let connect = "CONNECT 127.0.0.1:\(server.port) HTTP/1.1\r\n\r\n"
        let times = try await GuardProxy.withTestProxy(configuration: configuration) { proxy in
            try await RawProxyClient.connect(port: proxy.port) { first, firstWriter, _ in
                try await firstWriter.write(ByteBuffer(string: connect))
                let firstHead = try await RawProxyClient.readHead(&first)
                let firstOpened = clock.now
                return try await RawProxyClient.connect(port: proxy.port) { second, secondWriter, _ in
                    try await secondWriter.write(ByteBuffer(string: connect))
                    let secondHead = try await RawProxyClient.readHead(&second)
                    let secondOpened = clock.now
                    #expect(firstHead.hasPrefix("HTTP/1.1 200 ") && secondHead.hasPrefix("HTTP/1.1 200 "))
                    return [firstOpened, secondOpened]
                }
            }
        }
        #expect(times[1] - times[0] >= .milliseconds(300), "\(times[1] - times[0])")
    }

    // MARK: Bounds

    @Test func aClientThatSendsNoHeadIsClosedAfterTheHeadTimeout() async throws {
        var limits = GuardProxyLimits()
        limits.headTimeout = .milliseconds(300)
        let clock = ContinuousClock()
        let started = clock.now
        let received = try await GuardProxy.withTestProxy(limits: limits) { proxy in
            try await RawProxyClient.connect(port: proxy.port) { reader, writer, _ in
                try await writer.write(ByteBuffer(string: "GET http://127.0.0.1/ HT"))
                return await RawProxyClient.readAll(&reader)
            }
        }
        #expect(received.isEmpty)
        #expect(clock.now - started < .seconds(5))
    }

    @Test func anIdleTunnelIsClosed() async throws {
        let server = try await LoopbackServer.start { _ in LoopbackServer.Reply(answers: false) }
        defer { Task { await server.stop() } }
        var limits = GuardProxyLimits()
        limits.idleTimeout = .milliseconds(300)
        let clock = ContinuousClock()
        let started = clock.now
        let received = try await GuardProxy.withTestProxy(limits: limits) { proxy in
            try await RawProxyClient.connect(port: proxy.port) { reader, writer, _ in
                try await writer.write(ByteBuffer(string: "CONNECT 127.0.0.1:\(server.port) HTTP/1.1\r\n\r\n"))
                _ = try await RawProxyClient.readHead(&reader)
                try await writer.write(ByteBuffer(string: "GET /silence HTTP/1.1\r\nHost: x\r\n\r\n"))
                return await RawProxyClient.readAll(&reader)
            }
        }
        #expect(received.isEmpty)
        #expect(clock.now - started < .seconds(5))
        #expect(server.requests.map(\.path) == ["/silence"])
    }

    @Test func aConnectionIsCutAtItsTotalTime() async throws {
        let server = try await LoopbackServer.start { _ in
            LoopbackServer.Reply(headers: [("Content-Length", "200")], body: .drip(interval: .milliseconds(50), count: 200))
        }
        defer { Task { await server.stop() } }
        var limits = GuardProxyLimits()
        limits.totalTime = .milliseconds(700)
        let clock = ContinuousClock()
        let started = clock.now
        let received = try await GuardProxy.withTestProxy(limits: limits) { proxy in
            try await RawProxyClient.exchange(
                "GET http://127.0.0.1:\(server.port)/drip HTTP/1.1\r\nHost: x\r\n\r\n", port: proxy.port)
        }
        #expect(received.proxyStatusLine == "HTTP/1.1 200 OK")
        #expect(received.proxyResponseBody.count < 200)
        // The whole drip takes 10 s; the cut must come well before it, with room for a loaded CI machine.
        #expect(clock.now - started < .seconds(9))
    }

    @Test func connectionsBeyondTheLimitAreTurnedAway() async throws {
        var limits = GuardProxyLimits()
        limits.maximumConnections = 1
        try await GuardProxy.withTestProxy(limits: limits) { proxy in
            try await RawProxyClient.connect(port: proxy.port) { _, _, _ in
                // The first connection is open and has sent nothing yet.
                let second = try await RawProxyClient.exchange("CONNECT 127.0.0.1:1 HTTP/1.1\r\n\r\n", port: proxy.port)
                #expect(second.proxyStatusLine == "HTTP/1.1 503 Service Unavailable")
            }
            // Once it is gone, there is room again (its handler ends as the proxy sees it close).
            var answer = ""
            for _ in 0..<50 {
                answer = try await RawProxyClient.exchange("CONNECT 127.0.0.2:443 HTTP/1.1\r\n\r\n", port: proxy.port)
                if !answer.hasPrefix("HTTP/1.1 503") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(answer.proxyStatusLine == "HTTP/1.1 403 Forbidden")
        }
    }

    @Test func stopClosesOpenTunnelsAndTheListener() async throws {
        let server = try await LoopbackServer.start { _ in LoopbackServer.Reply(answers: false) }
        defer { Task { await server.stop() } }
        let fetcher = Fetcher(configuration: GuardProxy.testFetcherConfiguration())
        let proxy = try await GuardProxy.start(fetcher: fetcher)
        let clock = ContinuousClock()
        var stopped = clock.now
        let received = try await RawProxyClient.connect(port: proxy.port) { reader, writer, _ in
            try await writer.write(ByteBuffer(string: "CONNECT 127.0.0.1:\(server.port) HTTP/1.1\r\n\r\n"))
            _ = try await RawProxyClient.readHead(&reader)
            stopped = clock.now
            await proxy.stop()
            return await RawProxyClient.readAll(&reader)
        }
        #expect(received.isEmpty)
        #expect(clock.now - stopped < .seconds(5))
        await proxy.stop()
        await #expect(throws: (any Error).self) {
            try await RawProxyClient.exchange("CONNECT 127.0.0.2:443 HTTP/1.1\r\n\r\n", port: proxy.port)
        }
        await fetcher.shutdown()
    }

    /// A lookup that ignores cancellation, as getaddrinfo does.
    struct StubbornResolver: HostResolver {
        let delay: Double

        func resolve(host: String, port: Int) async throws(FetchFailure) -> [IPAddress] {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().asyncAfter(deadline: .now() + delay) { continuation.resume() }
            }
            return [IPAddress("127.0.0.1")!]
        }
    }

    @Test func stopDoesNotWaitForALookupAndNothingConnectsAfterIt() async throws {
        let server = try await LoopbackServer.start { _ in .ok(Self.page) }
        defer { Task { await server.stop() } }
        let fetcher = Fetcher(configuration: GuardProxy.testFetcherConfiguration(),
                              resolver: StubbornResolver(delay: 2))
        var limits = GuardProxyLimits()
        limits.stopGrace = .milliseconds(200)
        let proxy = try await GuardProxy.start(fetcher: fetcher, limits: limits)
        let clock = ContinuousClock()
        let received = try await RawProxyClient.connect(port: proxy.port) { reader, writer, _ in
            try await writer.write(ByteBuffer(string: "GET http://slow.test:\(server.port)/late HTTP/1.1\r\n\r\n"))
            try await Task.sleep(for: .milliseconds(200))
            let stopping = clock.now
            await proxy.stop()
            #expect(clock.now - stopping < .seconds(1))
            return await RawProxyClient.readAll(&reader)
        }
        #expect(received.isEmpty)
        // The lookup returns after the proxy stopped: its handler must not go on to connect.
        try await Task.sleep(for: .seconds(3))
        #expect(server.requests.isEmpty)
        await fetcher.shutdown()
    }
}
