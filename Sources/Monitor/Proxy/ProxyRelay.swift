import NIOCore
import Synchronization

/// Copies bytes between a tool and the upstream connection until the exchange is over, the line is
/// idle too long, or the connection has lived its total time.
struct ProxyRelay: Sendable {
    typealias Writer = NIOAsyncChannelOutboundWriter<ByteBuffer>

    enum Mode: Sendable {
        /// CONNECT: opaque bytes both ways (usually TLS) until either side ends.
        case tunnel
        /// One plain-HTTP request whose head was already sent: `bodyLength` more bytes go up, then the
        /// response comes down with its head saying `Connection: close`, and the upstream's end ends it.
        case request(bodyLength: Int, responseHeadLimit: Int)
    }

    enum Ending: Sendable {
        case upstreamDone
        case clientDone(complete: Bool)
        case timedOut
    }

    struct Side: Sendable {
        var reader: ProxyByteReader
        var writer: Writer
        var channel: any Channel
    }

    var mode: Mode
    var idleTimeout: Duration
    var deadline: ContinuousClock.Instant

    func run(client: Side, upstream: Side) async {
        let activity = Activity()
        let mode = self.mode
        await withTaskGroup(of: Ending.self) { group in
            group.addTask {
                await Self.copyDown(from: upstream.reader, to: client, mode: mode, activity: activity)
                return .upstreamDone
            }
            group.addTask {
                await Self.copyUp(from: client.reader, to: upstream, mode: mode, activity: activity)
            }
            group.addTask { await self.watch(activity) }
            while let ending = await group.next() {
                // A client that has sent its whole request may close its sending side and still wait for
                // the answer; only a tunnel ends when the tool stops talking.
                if case .clientDone(complete: true) = ending, case .request = mode { continue }
                break
            }
            client.channel.close(promise: nil)
            upstream.channel.close(promise: nil)
            group.cancelAll()
        }
    }

    // MARK: Directions

    private static func copyDown(from source: ProxyByteReader, to client: Side, mode: Mode, activity: Activity) async {
        var reader = source
        if case .request(_, let limit) = mode {
            guard await forwardResponseHead(&reader, to: client, limit: limit, activity: activity) else { return }
        }
        while let chunk = await reader.nextBuffer() {
            activity.touch()
            do { try await client.writer.write(chunk) } catch { return }
        }
        await flush(client.channel)
    }

    private static func copyUp(from source: ProxyByteReader, to upstream: Side, mode: Mode, activity: Activity) async
        -> Ending
    {
        var reader = source
        var remaining: Int? = nil
        if case .request(let bodyLength, _) = mode { remaining = bodyLength }
        while var chunk = await reader.nextBuffer() {
            activity.touch()
            if let left = remaining {
                // Bytes past the one request's body (a second, pipelined request) are not forwarded: it
                // was never checked, and the answer said the connection closes.
                guard left > 0 else { continue }
                if chunk.readableBytes > left { chunk = chunk.getSlice(at: chunk.readerIndex, length: left) ?? ByteBuffer() }
                remaining = left - chunk.readableBytes
            }
            do { try await upstream.writer.write(chunk) } catch { return .clientDone(complete: false) }
        }
        await flush(upstream.channel)
        return .clientDone(complete: (remaining ?? 0) == 0)
    }

    /// Interim (1xx) heads pass as they are; the final head loses the headers that would keep the
    /// connection open and says `Connection: close`, so the tool sends its next request on a new
    /// connection — which the guard checks again.
    private static func forwardResponseHead(
        _ reader: inout ProxyByteReader, to client: Side, limit: Int, activity: Activity
    ) async -> Bool {
        while true {
            let head: [UInt8]?
            do {
                head = try await reader.readHead(limit: limit)
            } catch {
                await GuardProxy.answer(client.writer, client.channel, "502 Bad Gateway", "upstream response head too large")
                return false
            }
            guard let head else {
                await GuardProxy.answer(client.writer, client.channel, "502 Bad Gateway", "upstream closed without answering")
                return false
            }
            activity.touch()
            guard let rewritten = rewriteResponseHead(head) else {
                await GuardProxy.answer(client.writer, client.channel, "502 Bad Gateway", "upstream answer is not HTTP/1")
                return false
            }
            do { try await client.writer.write(ByteBuffer(bytes: rewritten.bytes)) } catch { return false }
            if !rewritten.interim { return true }
        }
    }

    /// The response head with its connection headers replaced, and whether it is an interim (1xx but
    /// not 101) head that another will follow; nil when it is not an HTTP/1 status line.
    static func rewriteResponseHead(_ head: [UInt8]) -> (bytes: [UInt8], interim: Bool)? {
        let text = String(decoding: head.dropLast(4), as: UTF8.self)
        var lines = text.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1" || parts[0] == "HTTP/1.0", parts[1].count == 3,
            let status = Int(parts[1])
        else { return nil }
        if (100..<200).contains(status), status != 101 { return (head, true) }
        let dropped: Set<String> = ["connection", "keep-alive", "proxy-connection"]
        let kept = lines.filter { line in
            let name = line.split(separator: ":", maxSplits: 1).first.map { String($0).trimmingWhitespace().lowercased() }
            return !dropped.contains(name ?? "")
        }
        let rebuilt = ([statusLine] + kept + ["Connection: close"]).joined(separator: "\r\n") + "\r\n\r\n"
        return (Array(rebuilt.utf8), false)
    }

    /// Waits until what was written to the channel has left, so closing it loses nothing: writes
    /// complete in order, and this empty one completes last.
    static func flush(_ channel: any Channel) async {
        try? await channel.writeAndFlush(ByteBuffer()).get()
    }

    // MARK: Time

    private func watch(_ activity: Activity) async -> Ending {
        let clock = ContinuousClock()
        while !Task.isCancelled {
            let idleEnd = activity.last.advanced(by: idleTimeout)
            let now = clock.now
            if now >= deadline || now >= idleEnd { return .timedOut }
            try? await Task.sleep(until: min(deadline, idleEnd), clock: .continuous)
        }
        return .timedOut
    }

    final class Activity: Sendable {
        private let instant = Mutex(ContinuousClock.now)

        var last: ContinuousClock.Instant { instant.withLock { $0 } }

        func touch() {
            instant.withLock { $0 = ContinuousClock.now }
        }
    }
}
