import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A loopback HTTP proxy for the tools that make their own connections (Chromium, yt-dlp), so that
/// they reach the network only the way the fetcher does: every host resolved with the fetcher's
/// resolver, **every** address checked by its address guard (`KAIGUUL_FETCH_ALLOW` included), the
/// connection made to the checked address with no second lookup, through the fetcher's upstream proxy
/// when one is set, and openings spaced by the fetcher's per-host politeness.
///
/// It speaks `CONNECT host:port` (a tunnel, for HTTPS) and absolute-form plain HTTP
/// (`GET http://host/path`), which it forwards in origin form as one request per upstream connection.
/// Anything refused is answered `403` and kept as a `ProxyRefusal`, in order, for the capture to record.
/// One proxy serves one capture; `stop()` ends it and every connection it holds.
public final class GuardProxy: Sendable {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)" }

    let fetcher: Fetcher
    let limits: GuardProxyLimits
    private let serverChannel: any Channel
    private let acceptTask = Mutex<Task<Void, Never>?>(nil)
    private let log = Mutex(RefusalLog())
    let connections = ProxyConnections()

    private struct RefusalLog {
        var kept: [ProxyRefusal] = []
        var dropped = 0
    }

    private init(port: Int, fetcher: Fetcher, limits: GuardProxyLimits, serverChannel: any Channel) {
        self.port = port
        self.fetcher = fetcher
        self.limits = limits
        self.serverChannel = serverChannel
    }

    /// Binds 127.0.0.1 on a free port and starts accepting.
    public static func start(fetcher: Fetcher) async throws -> GuardProxy {
        try await start(fetcher: fetcher, limits: GuardProxyLimits())
    }

    public static func start(fetcher: Fetcher, limits: GuardProxyLimits) async throws -> GuardProxy {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try Connection(wrappingChannelSynchronously: channel) }
            }
        guard let port = server.channel.localAddress?.port else {
            try? await server.channel.close()
            throw GuardProxyError.noPort
        }
        let proxy = GuardProxy(port: port, fetcher: fetcher, limits: limits, serverChannel: server.channel)
        proxy.acceptTask.withLock { $0 = Task { await proxy.accept(server) } }
        return proxy
    }

    /// Every refusal so far, in the order they happened (the first `GuardProxyLimits.maximumRefusals`).
    public func refusals() -> [ProxyRefusal] {
        log.withLock { $0.kept }
    }

    /// Refusals beyond `GuardProxyLimits.maximumRefusals`, counted but not kept.
    public var droppedRefusals: Int {
        log.withLock { $0.dropped }
    }

    /// Stops accepting, closes every open connection (tool side and upstream side) and waits for
    /// their handlers to end, but not longer than `stopGrace`: a handler inside a name lookup cannot be
    /// interrupted (getaddrinfo blocks for as long as DNS takes), and a capture should not wait on a
    /// hostile page's unresolvable names. Such a handler finds the proxy stopped when its lookup returns
    /// and closes what it opened. Safe to call more than once.
    public func stop() async {
        try? await serverChannel.close()
        connections.closeAll()
        guard let task = acceptTask.withLock({ $0 }) else { return }
        task.cancel()
        let waiting = ResumeOnce()
        let grace = limits.stopGrace
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            waiting.set(continuation)
            Task {
                await task.value
                waiting.resume()
            }
            Task {
                try? await Task.sleep(for: grace)
                waiting.resume()
            }
        }
    }

    /// A continuation resumed by whichever comes first.
    private final class ResumeOnce: Sendable {
        private let continuation = Mutex<CheckedContinuation<Void, Never>?>(nil)

        func set(_ value: CheckedContinuation<Void, Never>) {
            continuation.withLock { $0 = value }
        }

        func resume() {
            continuation.withLock { $0.take() }?.resume()
        }
    }

    func record(_ refusal: ProxyRefusal) {
        let limit = limits.maximumRefusals
        log.withLock { log in
            if log.kept.count < limit { log.kept.append(refusal) } else { log.dropped += 1 }
        }
    }

    private func accept(_ server: NIOAsyncChannel<Connection, Never>) async {
        try? await server.executeThenClose { inbound in
            await withDiscardingTaskGroup { group in
                do {
                    for try await client in inbound {
                        guard connections.admit(client.channel, limit: limits.maximumConnections) else {
                            group.addTask { await Self.turnAway(client) }
                            continue
                        }
                        group.addTask {
                            await self.serve(client)
                            self.connections.forget(client.channel)
                        }
                    }
                } catch {
                    // The listening socket failed or was closed by `stop()`: nothing more to accept.
                }
            }
        }
    }

    private static func turnAway(_ client: Connection) async {
        try? await client.executeThenClose { _, outbound in
            await answer(outbound, client.channel, "503 Service Unavailable", "too many connections to the guard proxy")
        }
    }

    /// A short plain-text answer that closes the connection.
    static func answer(
        _ writer: NIOAsyncChannelOutboundWriter<ByteBuffer>, _ channel: any Channel, _ status: String, _ message: String
    ) async {
        let body = message + "\n"
        let text = "HTTP/1.1 \(status)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\nProxy-Connection: close\r\n\r\n" + body
        try? await writer.write(ByteBuffer(string: text))
        await ProxyRelay.flush(channel)
    }
}

public enum GuardProxyError: Error, Sendable {
    case noPort
}

/// The connections a proxy holds open, so `stop()` can close them and `maximumConnections` can be kept.
final class ProxyConnections: Sendable {
    private struct State {
        var clients: [ObjectIdentifier: any Channel] = [:]
        var upstreams: [ObjectIdentifier: any Channel] = [:]
        var stopped = false
    }

    private let state = Mutex(State())

    var isStopped: Bool { state.withLock { $0.stopped } }

    func admit(_ channel: any Channel, limit: Int) -> Bool {
        state.withLock { state in
            guard !state.stopped, state.clients.count < limit else { return false }
            state.clients[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    /// False once the proxy is stopping: the caller closes the channel instead of using it.
    func track(upstream channel: any Channel) -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.upstreams[ObjectIdentifier(channel)] = channel
            return true
        }
    }

    func forget(_ channel: any Channel) {
        state.withLock { state in
            state.clients[ObjectIdentifier(channel)] = nil
            state.upstreams[ObjectIdentifier(channel)] = nil
        }
    }

    func closeAll() {
        let all = state.withLock { state in
            state.stopped = true
            return Array(state.clients.values) + Array(state.upstreams.values)
        }
        for channel in all { channel.close(promise: nil) }
    }
}
