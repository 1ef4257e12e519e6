import CZlib
import Foundation
import LoopbackHTTP
import NIOCore
import Synchronization
import Testing

@testable import Monitor

/// Every bad input from the issue, served from 127.0.0.1: each fetch ends within its limits, with a
/// result marked truncated or failed and its reason.
@Suite(.serialized) struct FetcherTests {
    static func configuration() -> FetcherConfiguration {
        var configuration = FetcherConfiguration()
        configuration.allowedNetworks = [CIDR("127.0.0.1/32")!]
        // Generous: the whole suite starts at once on two cores, and a loopback fetch was seen waiting over
        // 30 s for a thread there. The tests about timeouts set their own short ones.
        configuration.connectTimeout = .seconds(60)
        configuration.readTimeout = .seconds(60)
        configuration.totalTimeout = .seconds(120)
        configuration.minimumDelayPerHost = .zero
        configuration.maximumConcurrentPerHost = 4
        configuration.initialBackoff = .milliseconds(10)
        configuration.maximumBackoff = .milliseconds(50)
        configuration.userAgent = "KaiguulTest/1"
        return configuration
    }

    func withServer(
        configuration: FetcherConfiguration = configuration(), resolver: any HostResolver = SystemResolver(),
        _ route: @escaping @Sendable (LoopbackServer.SeenRequest) -> LoopbackServer.Reply,
        _ body: (LoopbackServer, Fetcher) async throws -> Void
    ) async throws {
        try await LoopbackServer.withFetcher(configuration: configuration, resolver: resolver, route, body)
    }

    @Test func plainPageAndWhatWasSent() async throws {
        let page = Array("<html><head><title>Fictional</title></head><body>Hello</body></html>".utf8)
        try await withServer({ _ in .ok(page) }) { server, fetcher in
            let result = await fetcher.fetch(server.url("/page?q=1#frag"))
            #expect(result.outcome == .complete)
            let exchange = try #require(result.final)
            #expect(exchange.status == 200 && exchange.body == page && exchange.rawBody == page)
            #expect(exchange.remoteAddress == "127.0.0.1")
            #expect(exchange.url == server.url("/page?q=1"))
            let head = String(decoding: exchange.requestHead, as: UTF8.self)
            #expect(
                head.hasPrefix(
                    "GET /page?q=1 HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nUser-Agent: KaiguulTest/1\r\n"))
            #expect(head.hasSuffix("\r\n\r\n"))
            #expect(String(decoding: exchange.responseHead, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK\r\n"))
            let seen = try #require(server.requests.first)
            #expect(seen.path == "/page?q=1" && seen.header("user-agent") == "KaiguulTest/1")
            #expect(seen.header("accept-encoding") == "gzip, deflate, br")
        }
    }

    @Test func loopbackOutsideTheAllowListIsRefused() async throws {
        try await withServer({ _ in .ok([1]) }) { server, fetcher in
            let result = await fetcher.fetch("http://127.0.0.2:\(server.port)/")
            guard case .failed(.addressRefused(let host, let address, _)) = result.outcome else {
                Issue.record("expected refusal, got \(result.outcome)")
                return
            }
            #expect(host == "127.0.0.2" && address == "127.0.0.2")
            #expect(result.exchanges.isEmpty && server.requests.isEmpty)
            let mapped = await fetcher.fetch("http://[::ffff:127.0.0.2]:\(server.port)/")
            #expect(mapped.failure.map { if case .addressRefused = $0 { true } else { false } } == true)
        }
    }

    @Test func redirectHopsAreCheckedAgain() async throws {
        try await withServer({ request in
            request.path == "/start" ? .redirect("http://127.0.0.2:9/inside") : .ok([])
        }) { server, fetcher in
            let result = await fetcher.fetch(server.url("/start"))
            #expect(result.exchanges.count == 1 && result.exchanges[0].status == 302)
            guard case .failed(.addressRefused(_, "127.0.0.2", _)) = result.outcome else {
                Issue.record("expected refusal on the second hop, got \(result.outcome)")
                return
            }
        }
    }

    @Test func namesResolveOnceAndTheCheckedAddressIsUsed() async throws {
        let resolver = FakeResolver(table: [
            "fictional.test": ["127.0.0.1"], "rebind.test": ["127.0.0.2"],
            "mixed.test": ["127.0.0.1", "10.0.0.5"],
        ])
        try await withServer(resolver: resolver, { _ in .ok(Array("ok".utf8)) }) { server, fetcher in
            let good = await fetcher.fetch("http://fictional.test:\(server.port)/x")
            #expect(good.outcome == .complete && good.final?.remoteAddress == "127.0.0.1")
            #expect(server.requests.first?.header("host") == "fictional.test:\(server.port)")
            #expect(resolver.lookups("fictional.test") == 1)

            let rebound = await fetcher.fetch("http://rebind.test:\(server.port)/x")
            #expect(rebound.failure == .addressRefused(host: "rebind.test", address: "127.0.0.2", reason: "loopback"))
            let mixed = await fetcher.fetch("http://mixed.test:\(server.port)/x")
            #expect(mixed.failure == .addressRefused(host: "mixed.test", address: "10.0.0.5", reason: "private"))
            #expect(server.requests.count == 1)
        }
    }

    @Test func endlessRedirectsStopAfterFive() async throws {
        try await withServer({ request in
            let step = Int(request.path.split(separator: "=").last ?? "0") ?? 0
            return .redirect("/loop?n=\(step + 1)", status: "301 Moved Permanently")
        }) { server, fetcher in
            let result = await fetcher.fetch(server.url("/loop?n=0"))
            #expect(result.failure == .tooManyRedirects(5))
            #expect(result.exchanges.count == 6)
            #expect(server.requests.count == 6)
        }
    }

    @Test func endlessBodyIsCutAtTheLimit() async throws {
        var configuration = Self.configuration()
        configuration.maximumBodyBytes = 1_000_000
        try await withServer(
            configuration: configuration,
            { _ in
                LoopbackServer.Reply(headers: [("Content-Type", "text/html")], body: .endless(chunkSize: 65_536))
            }
        ) { server, fetcher in
            let started = ContinuousClock.now
            let result = await fetcher.fetch(server.url("/endless"))
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(result.outcome == .truncated(.length, nil))
            let exchange = try #require(result.final)
            #expect(exchange.rawBody.count == 1_000_000 && exchange.truncation == .length)
        }
    }

    @Test func drippingServerHitsTheTotalTimeout() async throws {
        var configuration = Self.configuration()
        configuration.totalTimeout = .milliseconds(1500)
        configuration.maximumAttempts = 1
        try await withServer(
            configuration: configuration,
            { _ in
                LoopbackServer.Reply(
                    headers: [("Content-Type", "text/html"), ("Content-Length", "100")],
                    body: .drip(interval: .milliseconds(300), count: 100))
            }
        ) { server, fetcher in
            let started = ContinuousClock.now
            let result = await fetcher.fetch(server.url("/drip"))
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < .seconds(3))
            #expect(result.outcome == .truncated(.time, nil))
            let exchange = try #require(result.final)
            #expect(exchange.rawBody.count > 0 && exchange.rawBody.count < 100)
        }
    }

    @Test func serverThatNeverAnswersHitsTheTotalTimeout() async throws {
        var configuration = Self.configuration()
        configuration.totalTimeout = .milliseconds(800)
        configuration.readTimeout = .seconds(10)
        try await withServer(configuration: configuration, { _ in LoopbackServer.Reply(answers: false) }) {
            server, fetcher in
            let started = ContinuousClock.now
            let result = await fetcher.fetch(server.url("/mute"))
            #expect(ContinuousClock.now - started < .seconds(2))
            #expect(result.failure == .totalTimeout && result.exchanges.isEmpty)
        }
    }

    @Test func timeoutBeforeTheHeadIsRetried() async throws {
        var configuration = Self.configuration()
        configuration.readTimeout = .milliseconds(300)
        configuration.maximumAttempts = 2
        try await withServer(configuration: configuration, { _ in LoopbackServer.Reply(answers: false) }) {
            server, fetcher in
            let result = await fetcher.fetch(server.url("/mute"))
            #expect(result.failure == .readTimeout && result.exchanges.isEmpty)
            #expect(server.requests.count == 2)
        }
    }

    @Test func silenceMidBodyHitsTheReadTimeout() async throws {
        var configuration = Self.configuration()
        configuration.readTimeout = .milliseconds(300)
        configuration.maximumAttempts = 2
        try await withServer(
            configuration: configuration,
            { _ in
                LoopbackServer.Reply(
                    headers: [("Content-Type", "text/html")], body: .drip(interval: .seconds(30), count: 1))
            }
        ) { server, fetcher in
            let result = await fetcher.fetch(server.url("/silent"))
            #expect(result.final?.truncation == .time)
            #expect(server.requests.count == 1)
        }
    }

    @Test func gzipBombIsStoppedByTheRatioLimit() async throws {
        let bomb = try Self.gzipZeros(count: 64 * 1024 * 1024)
        #expect(bomb.count < 200_000)
        try await withServer({ _ in .ok(bomb, headers: [("Content-Encoding", "gzip")]) }) { server, fetcher in
            let result = await fetcher.fetch(server.url("/bomb"))
            #expect(result.outcome == .truncated(nil, .compressionRatio))
            let exchange = try #require(result.final)
            #expect(exchange.rawBody == bomb)
            #expect(exchange.body.count == bomb.count * 100)
        }
    }

    @Test func brotliBombAndOutputCap() {
        let bomb = CompressedSamples.brotliBomb
        let limited = ContentDecoder.decode(bomb, contentEncoding: "br", maximumBytes: 40 << 20, maximumRatio: 100)
        #expect(limited.limit == .compressionRatio && limited.bytes.count == bomb.count * 100)
        let capped = ContentDecoder.decode(bomb, contentEncoding: "br", maximumBytes: 5_000, maximumRatio: 1_000_000)
        #expect(capped.limit == .outputSize && capped.bytes.count == 5_000)
    }

    @Test func contentEncodingsDecode() async throws {
        let text = Array("Привет из фиктивной организации. ".utf8)
        let sample = text + text + text
        let gzipped = try Self.gzip(sample)
        #expect(
            ContentDecoder.decode(gzipped, contentEncoding: "gzip", maximumBytes: 1 << 20, maximumRatio: 100).bytes
                == sample)
        #expect(
            ContentDecoder.decode(
                CompressedSamples.brotliText, contentEncoding: "br", maximumBytes: 1 << 20,
                maximumRatio: 100
            ).bytes == sample)
        let zlib = try Self.compress(sample, windowBits: 15)
        let raw = try Self.compress(sample, windowBits: -15)
        #expect(
            ContentDecoder.decode(zlib, contentEncoding: "deflate", maximumBytes: 1 << 20, maximumRatio: 100).bytes
                == sample)
        #expect(
            ContentDecoder.decode(raw, contentEncoding: "deflate", maximumBytes: 1 << 20, maximumRatio: 100).bytes
                == sample)
        let corrupt = ContentDecoder.decode(
            Array(gzipped.prefix(20)), contentEncoding: "gzip", maximumBytes: 1 << 20,
            maximumRatio: 100)
        #expect(corrupt.limit == .corruptStream)
        let unknown = ContentDecoder.decode(sample, contentEncoding: "zstd", maximumBytes: 1 << 20, maximumRatio: 100)
        #expect(unknown.limit == .unsupportedEncoding && unknown.bytes == sample)

        try await withServer({ _ in
            .ok(
                CompressedSamples.brotliText, type: "text/plain; charset=utf-8",
                headers: [("Content-Encoding", "br")])
        }) { server, fetcher in
            let result = await fetcher.fetch(server.url("/br"))
            #expect(result.outcome == .complete)
            #expect(result.final?.body == sample && result.final?.rawBody == CompressedSamples.brotliText)
        }
    }

    @Test func credentialsAndOtherSchemesAreRefusedBeforeAnyConnection() async throws {
        try await withServer({ _ in .ok([]) }) { server, fetcher in
            #expect(await fetcher.fetch("http://user:secret@127.0.0.1:\(server.port)/").failure == .credentialsInURL)
            #expect(await fetcher.fetch("ftp://127.0.0.1:\(server.port)/").failure == .unsupportedScheme("ftp"))
            #expect(await fetcher.fetch("file:///etc/passwd").failure == .unsupportedScheme("file"))
            #expect(await fetcher.fetch("gopher://127.0.0.1/").failure == .unsupportedScheme("gopher"))
            #expect(await fetcher.fetch("not a url at all").failure != nil)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func redirectToAnotherSchemeIsRefused() async throws {
        try await withServer({ _ in .redirect("file:///etc/passwd") }) { server, fetcher in
            let result = await fetcher.fetch(server.url("/"))
            #expect(result.failure == .unsupportedScheme("file") && result.exchanges.count == 1)
        }
    }

    @Test func serverErrorsAreRetriedWithBackoff() async throws {
        let counter = Counter()
        try await withServer({ _ in
            counter.next() < 2
                ? LoopbackServer.Reply(status: "503 Service Unavailable", headers: [("Content-Length", "0")])
                : .ok(Array("finally".utf8))
        }) { server, fetcher in
            let result = await fetcher.fetch(server.url("/flaky"))
            #expect(result.outcome == .complete)
            #expect(result.exchanges.map(\.status) == [503, 503, 200])
            #expect(result.final?.body == Array("finally".utf8))
        }
        let always = Counter()
        try await withServer({ _ in
            _ = always.next()
            return LoopbackServer.Reply(status: "500 Internal Server Error", headers: [("Content-Length", "0")])
        }) { server, fetcher in
            let result = await fetcher.fetch(server.url("/down"))
            #expect(result.exchanges.map(\.status) == [500, 500, 500])
            #expect(result.outcome == .complete)
        }
    }

    @Test func unacceptableContentTypeIsNotRead() async throws {
        try await withServer({ _ in .ok(Array("<html></html>".utf8)) }) { server, fetcher in
            let result = await fetcher.fetch(server.url("/"), acceptedContentTypes: FeedAdapter().acceptedContentTypes)
            #expect(result.failure == .unacceptableContentType("text/html"))
            #expect(result.final?.rawBody.isEmpty == true)
        }
    }

    @Test func connectionRefusedIsAFailureWithReason() async throws {
        let server = try await LoopbackServer.start { _ in .ok([]) }
        let port = server.port
        await server.stop()
        let fetcher = Fetcher(configuration: Self.configuration())
        let result = await fetcher.fetch("http://127.0.0.1:\(port)/")
        await fetcher.shutdown()
        guard case .failed(.connectionFailed) = result.outcome else {
            Issue.record("expected connection failure, got \(result.outcome)")
            return
        }
    }

    @Test func malformedMarkupAndWrongCharsetFromTheServer() async throws {
        let windows1251 = CharsetDecoderTests.windows1251
        try await withServer({ request in
            switch request.path {
            case "/wrong-charset":
                return .ok(Array("<html><body><p>".utf8) + windows1251 + Array("</p></body></html>".utf8))
            case "/broken.html":
                return .ok(Array("<html><body><div><p>Broken <b>markup<table><td>cell</div></span>\u{0}".utf8))
            default:
                return .ok(
                    Array(
                        "<rss><channel><title>Fictional</title><item><title>One</title></item><item><title>Tw"
                            .utf8), type: "application/rss+xml")
            }
        }) { server, fetcher in
            let web = WebPageAdapter()
            let wrong = await fetcher.fetch(server.url("/wrong-charset"))
            let wrongExchange = try #require(wrong.final)
            let wrongPage = web.extract(
                AdapterInput(
                    url: wrongExchange.url, contentType: wrongExchange.contentType,
                    body: wrongExchange.body))
            #expect(wrongPage.warnings.contains { $0.contains("invalid in utf-8") })
            #expect(wrongPage.page?.visibleText.contains("\u{FFFD}") == true)

            let broken = await fetcher.fetch(server.url("/broken.html"))
            let brokenExchange = try #require(broken.final)
            let brokenPage = web.extract(
                AdapterInput(
                    url: brokenExchange.url, contentType: brokenExchange.contentType,
                    body: brokenExchange.body))
            #expect(brokenPage.page?.visibleText.contains("Broken markup") == true)
            #expect(brokenPage.page?.visibleText.contains("cell") == true)

            let feed = await fetcher.fetch(
                server.url("/feed"), acceptedContentTypes: FeedAdapter().acceptedContentTypes)
            let feedExchange = try #require(feed.final)
            let items = FeedAdapter().extract(
                AdapterInput(
                    url: feedExchange.url, contentType: feedExchange.contentType,
                    body: feedExchange.body))
            #expect(items.items.count == 2 && items.items[0].title == "One")
            #expect(items.warnings.contains { $0.contains("not well-formed") })
        }
    }

    // MARK: Helpers

    static func gzip(_ data: [UInt8]) throws -> [UInt8] { try compress(data, windowBits: 15 + 16) }

    static func compress(_ data: [UInt8], windowBits: Int32) throws -> [UInt8] {
        try compress(chunks: [data], windowBits: windowBits)
    }

    /// `count` zero bytes, gzipped without ever holding them all, so the test's own memory stays small.
    static func gzipZeros(count: Int) throws -> [UInt8] {
        let chunk = [UInt8](repeating: 0, count: 1 << 20)
        return try compress(chunks: Array(repeating: chunk, count: count / chunk.count), windowBits: 15 + 16)
    }

    static func compress(chunks: [[UInt8]], windowBits: Int32) throws -> [UInt8] {
        var stream = z_stream()
        let initialised = deflateInit2_(
            &stream, 9, Z_DEFLATED, windowBits, 9, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard initialised == Z_OK else { throw CompressionFailed() }
        defer { deflateEnd(&stream) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        for (index, chunk) in chunks.enumerated() {
            var input = chunk
            let flush = index == chunks.count - 1 ? Z_FINISH : Z_NO_FLUSH
            var status = Z_OK
            input.withUnsafeMutableBufferPointer { inBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                repeat {
                    let produced = buffer.withUnsafeMutableBufferPointer { outBuffer in
                        stream.next_out = outBuffer.baseAddress
                        stream.avail_out = uInt(outBuffer.count)
                        status = deflate(&stream, flush)
                        return outBuffer.count - Int(stream.avail_out)
                    }
                    output.append(contentsOf: buffer[0..<produced])
                } while stream.avail_out == 0 || (flush == Z_FINISH && status == Z_OK)
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { throw CompressionFailed() }
        }
        return output
    }

    struct CompressionFailed: Error {}
}

final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int {
        value.withLock { count in
            let current = count
            count += 1
            return current
        }
    }
}

final class FakeResolver: HostResolver {
    let table: [String: [String]]
    private let counts = Mutex<[String: Int]>([:])

    init(table: [String: [String]]) { self.table = table }

    func lookups(_ host: String) -> Int { counts.withLock { $0[host] ?? 0 } }

    func resolve(host: String, port: Int) async throws(FetchFailure) -> [IPAddress] {
        counts.withLock { $0[host, default: 0] += 1 }
        guard let entries = table[host] else { throw .resolutionFailed(host: host, message: "unknown") }
        return entries.compactMap(IPAddress.init)
    }
}
