import Foundation
import NIOCore
import NIOPosix
import Synchronization

@testable import Monitor

/// A guard proxy for one test, with a fetcher that allows 127.0.0.1 only (the loopback test sites),
/// both shut down afterwards whatever happens. The browser and video tests use it too.
extension GuardProxy {
    static func testFetcherConfiguration() -> FetcherConfiguration {
        var configuration = FetcherConfiguration()
        configuration.allowedNetworks = [CIDR("127.0.0.1/32")!]
        configuration.connectTimeout = .seconds(30)
        configuration.readTimeout = .seconds(60)
        configuration.minimumDelayPerHost = .zero
        configuration.maximumConcurrentPerHost = 8
        configuration.userAgent = "KaiguulTest/1"
        return configuration
    }

    static func withTestProxy<T>(
        configuration: FetcherConfiguration = testFetcherConfiguration(), resolver: any HostResolver = SystemResolver(),
        limits: GuardProxyLimits = GuardProxyLimits(), _ body: (GuardProxy) async throws -> T
    ) async throws -> T {
        let fetcher = Fetcher(configuration: configuration, resolver: resolver)
        let proxy = try await GuardProxy.start(fetcher: fetcher, limits: limits)
        do {
            let result = try await body(proxy)
            await proxy.stop()
            await fetcher.shutdown()
            return result
        } catch {
            await proxy.stop()
            await fetcher.shutdown()
            throw error
        }
    }
}

/// A client that writes exactly the bytes a test gives it and reads what comes back, as a tool would
/// on its proxy connection (no HTTP library smoothing anything over).
struct RawProxyClient {
    typealias Writer = NIOAsyncChannelOutboundWriter<ByteBuffer>

    enum Failure: Error { case closedEarly }

    static func connect<T: Sendable>(
        port: Int, within limit: Duration = .seconds(20),
        _ body: (inout ProxyByteReader, Writer, any Channel) async throws -> T
    ) async throws -> T {
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let channel = connection.channel
        return try await connection.executeThenClose { inbound, outbound in
            var reader = ProxyByteReader(inbound)
            return try await GuardProxy.within(limit, orClose: channel) {
                try await body(&reader, outbound, channel)
            }
        }
    }

    /// Sends `request` and reads until the proxy closes the connection.
    static func exchange(_ request: String, port: Int) async throws -> String {
        try await connect(port: port) { reader, writer, _ in
            try await writer.write(ByteBuffer(string: request))
            return await readAll(&reader)
        }
    }

    static func readAll(_ reader: inout ProxyByteReader) async -> String {
        var bytes: [UInt8] = []
        while let more = await reader.next() { bytes += more }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func readHead(_ reader: inout ProxyByteReader) async throws -> String {
        guard let head = try await reader.readHead(limit: 64 * 1024) else { throw Failure.closedEarly }
        return String(decoding: head, as: UTF8.self)
    }
}

extension String {
    /// The status line of an HTTP response text.
    var proxyStatusLine: String { components(separatedBy: "\r\n").first ?? "" }

    var proxyResponseBody: String {
        guard let range = range(of: "\r\n\r\n") else { return "" }
        return String(self[range.upperBound...])
    }
}

/// A server on 127.0.0.1 that keeps every byte each connection sent it: it answers the first request
/// head with a short page, goes on listening for `linger`, then closes. For what a scripted server that
/// stops reading after one head could not show (bytes a proxy should never have forwarded).
final class ByteRecordingServer: Sendable {
    let port: Int
    private let channel: any Channel
    private let received = Mutex<[[UInt8]]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Bytes received, one entry per connection, in the order connections closed.
    var connections: [[UInt8]] { received.withLock { $0 } }

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    static func start(linger: Duration = .milliseconds(300)) async throws -> ByteRecordingServer {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let recorder = ByteRecordingServer(port: server.channel.localAddress?.port ?? 0, channel: server.channel)
        recorder.task.withLock {
            $0 = Task {
                try? await server.executeThenClose { inbound in
                    await withDiscardingTaskGroup { group in
                        do {
                            for try await connection in inbound {
                                group.addTask { await recorder.serve(connection, linger: linger) }
                            }
                        } catch {}
                    }
                }
            }
        }
        return recorder
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, linger: Duration) async {
        let bytes = Mutex<[UInt8]>([])
        let channel = connection.channel
        try? await connection.executeThenClose { inbound, outbound in
            var reader = ProxyByteReader(inbound)
            guard let head = try? await reader.readHead(limit: 64 * 1024) else { return }
            bytes.withLock { $0 += head }
            try await outbound.write(ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
            let timer = Task {
                try await Task.sleep(for: linger)
                channel.close(promise: nil)
            }
            while let more = await reader.next() { bytes.withLock { $0 += more } }
            timer.cancel()
        }
        let all = bytes.withLock { $0 }
        received.withLock { $0.append(all) }
    }

    func stop() async {
        try? await channel.close()
        let running = task.withLock { $0 }
        await running?.value
    }
}
