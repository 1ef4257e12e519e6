import Foundation
import KaiguulCore
import LoopbackHTTP
import NIOSSL
import Testing

@testable import Monitor

#if canImport(Glibc)
    import Glibc
#endif

/// The measurement engine on loopback only: a scripted resolver, scripted HTTP(S) servers, a port
/// where nothing listens, a listener that resets every connection.
@Suite(.serialized) struct SiteMeasurerTests {
    static func configuration(timeout: Duration = .seconds(2), loopback: Bool = true, bind: String? = nil)
        -> MeasurerConfiguration
    {
        MeasurerConfiguration(timeout: timeout, bindAddress: bind, allowLoopback: loopback)
    }

    @Test func dnsMessagesCarryTheCodeAndBothAddressFamilies() throws {
        let id: UInt16 = 0x2345
        var reply = try #require(DNSWire.question("a.example", type: .a, id: id))
        reply[2] = 0x81; reply[3] = 0x80; reply[7] = 2
        reply += [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 7]
        reply += [0xC0, 0x0C, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xC0, 0x0C]  // a CNAME is skipped
        #expect(DNSWire.parse(reply, id: id, type: .a) == .init(rcode: "NOERROR", addresses: ["127.0.0.7"]))
        #expect(DNSWire.parse(reply, id: id &+ 1, type: .a) == nil)
        var six = try #require(DNSWire.question("a.example", type: .aaaa, id: id))
        six[2] = 0x81; six[3] = 0x80; six[7] = 1
        six += [0xC0, 0x0C, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16] + [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1]
        #expect(DNSWire.parse(six, id: id, type: .aaaa)?.addresses == ["2001:db8::1"])
        var refused = try #require(DNSWire.question("a.example", type: .a, id: id))
        refused[2] = 0x81; refused[3] = 0x85
        #expect(DNSWire.parse(refused, id: id, type: .a)?.rcode == "REFUSED")
        // Garbage never crashes and is never a reply.
        for length in 0..<40 { _ = DNSWire.parse((0..<length).map { _ in UInt8.random(in: 0...255) }, id: id, type: .a) }
        #expect(DNSWire.question(String(repeating: "a", count: 64) + ".example", type: .a, id: id) == nil)
    }

    @Test func aResolverIsAskedDirectlyAndItsSilenceIsNotAnAnswer() async throws {
        let resolver = try await LoopbackResolver.start(["listed.test": .addresses(["127.0.0.1", "127.0.0.9"]),
                                                          "quiet.test": .silence])
        let query = ResolverQuery(resolver: resolver.address, timeout: .milliseconds(500))
        let listed = await query.resolve("listed.test")
        #expect(listed.addresses == ["127.0.0.1", "127.0.0.9"])
        #expect(listed.rcode == "NOERROR")
        #expect(listed.failure == nil)
        let missing = await query.resolve("blocked.test")
        #expect(missing.rcode == "NXDOMAIN" && missing.addresses.isEmpty)
        let quiet = await query.resolve("quiet.test")
        #expect(quiet.rcode == nil && quiet.failure == "generic_timeout_error")
        #expect(resolver.questions.filter { $0 == "listed.test" }.count == 2)  // A and AAAA
        let port = resolver.port
        await resolver.stop()
        let gone = await ResolverQuery(resolver: "127.0.0.1:\(port)", timeout: .milliseconds(500)).resolve("listed.test")
        #expect(gone.failure == "connection_refused")
        #expect(await ResolverQuery(resolver: "not-an-address").resolve("listed.test").failure == "bad_resolver_address")
    }

    @Test func aClosedPortIsRefusedAndTheGuardStillHolds() async throws {
        let port = try Self.closedPort()
        let open = TCPConnector(timeoutSeconds: 1, bindAddress: nil,
                                addressGuard: AddressGuard(allowed: Self.configuration().allowedNetworks))
        let refused = await open.connect("127.0.0.1", port: port)
        #expect(!refused.connected && refused.failure == "connection_refused")
        let guarded = TCPConnector(timeoutSeconds: 1, bindAddress: nil, addressGuard: AddressGuard())
        #expect(await guarded.connect("127.0.0.1", port: port).failure == "address_refused")
    }

    @Test func connectsLeaveFromTheBoundAddress() async throws {
        try await LoopbackServer.withServer { _ in .ok("<title>x</title>") } body: { server in
            let allowed = AddressGuard(allowed: Self.configuration().allowedNetworks)
            let bound = TCPConnector(timeoutSeconds: 1, bindAddress: "127.0.0.5", addressGuard: allowed)
            #expect(await bound.connect("127.0.0.1", port: server.port).connected)
            // An address this machine does not have cannot be the source.
            let foreign = TCPConnector(timeoutSeconds: 1, bindAddress: "192.0.2.1", addressGuard: allowed)
            #expect(await foreign.connect("127.0.0.1", port: server.port).failure == "bind_address_not_available")
            let mixed = TCPConnector(timeoutSeconds: 1, bindAddress: "::1", addressGuard: allowed)
            #expect(await mixed.connect("127.0.0.1", port: server.port).failure == "bind_family_mismatch")
        }
    }

    @Test func aResetDuringTheHandshakeIsATLSFailure() async throws {
        let resetter = try ResettingListener()
        defer { resetter.stop() }
        let measurer = SiteMeasurer(configuration: Self.configuration())
        let seen = await measurer.measure(target: "https://127.0.0.1:\(resetter.port)/", orderID: 7, resolver: "system")
        #expect(seen.tcp.first?.connected == true)
        let tls = try #require(seen.tls)
        #expect(!tls.handshake)
        // Where the reset lands (before or inside BoringSSL's read) decides how it is named.
        #expect(["connection_reset", "connection_closed", "ssl_failed_handshake"].contains(tls.failure ?? ""))
        #expect(seen.http?.status == nil && seen.http?.failure != nil)
        let verdict = VerdictRules.verdict(probe: seen, control: Self.reachableControl(seen), evidenceTitle: nil,
                                           sameNetwork: { _, _ in false })
        #expect(verdict.verdict == .blockedTLS)
    }

    @Test func theHTTPGetLeavesFromTheBoundAddressToo() async throws {
        // A filter that resets only the probe's source address, after the connect: TCP holds, HTTP does not.
        let site = try ResettingListener(sparing: "127.0.0.1",
                                         page: "<html><head><title>Fictional Slogan Board</title></head></html>")
        defer { site.stop() }
        let target = "http://127.0.0.1:\(site.port)/"
        let control = await SiteMeasurer(configuration: Self.configuration()).measure(target: target, orderID: 1,
                                                                                      resolver: "system")
        #expect(control.http?.status == 200 && control.http?.title == "Fictional Slogan Board")
        let probe = await SiteMeasurer(configuration: Self.configuration(bind: "127.0.0.5"))
            .measure(target: target, orderID: 1, resolver: "system")
        #expect(probe.tcp.first?.connected == true)
        #expect(probe.http?.status == nil && probe.http?.failure != nil)
        let verdict = VerdictRules.verdict(probe: probe, control: control, evidenceTitle: nil,
                                           sameNetwork: { _, _ in false })
        #expect(verdict.verdict == .blockedHTTP)
    }

    @Test func aHandshakeReportsTheCertificatesNames() async throws {
        let certificates = try ProxyAndTLSTests.Certificates.make()
        defer { certificates.remove() }
        let server = try await LoopbackServer.start(tls: try certificates.serverContext()) { _ in .ok("secret") }
        let handshaker = TLSHandshaker(timeout: .seconds(2), bindAddress: nil,
                                       addressGuard: AddressGuard(allowed: Self.configuration().allowedNetworks))
        let tls = await handshaker.handshake(serverName: "fictional-site.test", address: "127.0.0.1", port: server.port)
        await server.stop()
        #expect(tls.handshake)
        #expect(tls.certificateNames == ["fictional-site.test"])
        #expect(VerdictRules.namesCover(tls.certificateNames, host: "fictional-site.test"))
    }

    @Test func aSiteIsMeasuredThroughTheGivenResolver() async throws {
        let page = "<html><head><title>  Fictional   Slogan &amp; Board </title></head><body>text</body></html>"
        try await LoopbackServer.withServer { _ in .ok(page) } body: { server in
            let resolver = try await LoopbackResolver.start(["fictional-site.test": .addresses(["127.0.0.1"])])
            let measurer = SiteMeasurer(configuration: Self.configuration())
            let seen = await measurer.measure(target: "fictional-site.test:\(server.port)", orderID: 3,
                                              resolver: resolver.address)
            let blocked = await measurer.measure(target: "other-site.test:\(server.port)", orderID: 4,
                                                 resolver: resolver.address)
            await resolver.stop()
            #expect(seen.orderID == 3)
            #expect(seen.dns == .init(resolver: resolver.address, addresses: ["127.0.0.1"], rcode: "NOERROR"))
            #expect(seen.tcp == [.init(address: "127.0.0.1", port: server.port, connected: true)])
            // A plain HTTP server does not speak TLS; https fails before a response and http answers.
            #expect(seen.tls?.handshake == false)
            let http = try #require(seen.http)
            #expect(http.status == 200)
            #expect(http.url == "http://fictional-site.test:\(server.port)/")
            #expect(http.title == "Fictional Slogan & Board")
            #expect(http.bodyLength == page.utf8.count)
            #expect(http.bodySHA256 == SHA256Digest.hex(Array(page.utf8)))
            #expect(http.headers["content-type"] == "text/html; charset=utf-8")
            #expect(blocked.dns.rcode == "NXDOMAIN" && blocked.tcp.isEmpty && blocked.http == nil)
            // The wire form round-trips.
            let decoded = try SiteMeasurement.decoder().decode(SiteMeasurement.self,
                                                               from: SiteMeasurement.encoder().encode(seen))
            #expect(decoded == seen)
        }
    }

    @Test func loopbackIsRefusedUnlessAllowed() async throws {
        try await LoopbackServer.withServer { _ in .ok("<title>inside</title>") } body: { server in
            let seen = await SiteMeasurer(configuration: Self.configuration(loopback: false))
                .measure(target: "http://127.0.0.1:\(server.port)/", orderID: nil, resolver: "system")
            #expect(seen.tcp.first?.failure == "address_refused")
            #expect(seen.http?.status == nil)
            #expect(seen.http?.failure?.contains("address refused") == true)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256Digest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex(Array(String(repeating: "a", count: 1_000).utf8))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func targetsArePlannedFromTheirCanonicalSpelling() throws {
        let domain = try #require(MeasurementPlan(target: "example.kg"))
        #expect(domain.urls == ["https://example.kg/", "http://example.kg/"] && domain.ports == [443, 80])
        let port = try #require(MeasurementPlan(target: "example.kg:8443"))
        #expect(port.urls.first == "https://example.kg:8443/" && port.ports == [8443] && port.tlsPort == 8443)
        let url = try #require(MeasurementPlan(target: "http://198.51.100.4/page?x=1"))
        #expect(url.host == "198.51.100.4" && url.ports == [80] && url.tlsPort == nil)
        #expect(MeasurementPlan(target: "ftp://example.kg/") == nil)
        #expect(MeasurementPlan(target: "") == nil)
    }

    // MARK: helpers

    /// The same target seen from an uncensored network: everything works.
    static func reachableControl(_ seen: SiteMeasurement) -> SiteMeasurement {
        var control = seen
        control.tcp = control.tcp.map { var c = $0; c.connected = true; c.failure = nil; return c }
        control.tls?.handshake = true
        control.tls?.failure = nil
        control.http = .init(url: seen.url, status: 200, bodyLength: 100, title: "Fictional")
        return control
    }

    /// A port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Accepts every connection and resets it at once (SO_LINGER 0), as a filter that injects RSTs does;
/// a connection from `sparing` is answered with `page` instead.
final class ResettingListener: @unchecked Sendable {
    let port: Int
    private let fd: Int32

    init(sparing: String? = nil, page: String = "") throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        listen(listener, 16)
        fd = listener
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            while true {
                var peer = sockaddr_in()
                var peerLength = socklen_t(MemoryLayout<sockaddr_in>.size)
                let client = withUnsafeMutablePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listener, $0, &peerLength) }
                }
                if client < 0 { return }
                if let sparing, peer.sin_addr.s_addr == inet_addr(sparing) {
                    var request = [UInt8](repeating: 0, count: 4096)
                    _ = recv(client, &request, request.count, 0)
                    let reply = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \(page.utf8.count)\r\n"
                        + "Connection: close\r\n\r\n" + page
                    _ = Array(reply.utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) }
                    close(client)
                    continue
                }
                // Reset only once the client has spoken (or closed, or a second passed): a reset racing the
                // connect's completion on a loaded machine would otherwise fail the connect itself.
                var wait = timeval(tv_sec: 1, tv_usec: 0)
                setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
                var first = [UInt8](repeating: 0, count: 4096)
                _ = recv(client, &first, first.count, 0)
                var linger = linger(l_onoff: 1, l_linger: 0)
                setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
                close(client)
            }
        }
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}

extension LoopbackServer {
    static func withServer(_ route: @escaping @Sendable (SeenRequest) -> Reply,
                           body: (LoopbackServer) async throws -> Void) async throws {
        let server = try await start(route)
        do { try await body(server) } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
