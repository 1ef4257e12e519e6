import Foundation
import NIOCore
import NIOPosix
import Synchronization

@testable import Monitor

/// A small stand-in for the guard proxy, for the browser tests only: plain-HTTP requests in absolute
/// form to an allowed host (by default only `127.0.0.1`) are passed on, one request per connection;
/// any other host, and every CONNECT, is refused with a 403 and recorded as a `ProxyRefusal`. It
/// also logs every request it saw, so a test can tell the browser used no other route.
final class StubGuardProxy: BrowserProxy, Sendable {
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }
    private let channel: any Channel
    private let log: Log

    final class Log: Sendable {
        let refused = Mutex<[ProxyRefusal]>([])
        let seen = Mutex<[String]>([])
        let allowedHosts: Set<String>
        init(allowedHosts: Set<String>) { self.allowedHosts = allowedHosts }
    }

    private init(port: Int, channel: any Channel, log: Log) {
        self.port = port
        self.channel = channel
        self.log = log
    }

    func refusals() -> [ProxyRefusal] { log.refused.withLock { $0 } }
    /// Request lines as received (`GET http://127.0.0.1:PORT/ HTTP/1.1`, `CONNECT host:443 HTTP/1.1`).
    var requests: [String] { log.seen.withLock { $0 } }

    static func start(allowedHosts: Set<String> = ["127.0.0.1"]) async throws -> StubGuardProxy {
        let log = Log(allowedHosts: allowedHosts)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ClientSide(log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return StubGuardProxy(port: channel.localAddress?.port ?? 0, channel: channel, log: log)
    }

    func stop() async { try? await channel.close() }

    private final class ClientSide: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        private let log: Log
        private var head: [UInt8] = []
        private var upstream: (any Channel)?
        private var pending: [ByteBuffer] = []
        private var forwarding = false

        init(log: Log) { self.log = log }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            if forwarding {
                if let upstream { upstream.writeAndFlush(buffer, promise: nil) } else { pending.append(buffer) }
                return
            }
            head += buffer.readBytes(length: buffer.readableBytes) ?? []
            guard let end = Self.headEnd(head) else { return }
            forwarding = true
            let text = String(decoding: head[..<end], as: UTF8.self)
            var lines = text.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst()
            log.seen.withLock { $0.append(requestLine) }
            let parts = requestLine.split(separator: " ")
            guard parts.count == 3 else { return refuse(context, host: "", port: 0, url: nil, reason: "bad request") }
            if parts[0] == "CONNECT" {
                let target = parts[1].split(separator: ":")
                return refuse(context, host: String(target.first ?? ""), port: Int(target.last ?? "") ?? 0, url: nil,
                              reason: "the stub proxy opens no tunnels")
            }
            guard let components = URLComponents(string: String(parts[1])), let host = components.host else {
                return refuse(context, host: "", port: 0, url: String(parts[1]), reason: "not absolute form")
            }
            let port = components.port ?? 80
            guard log.allowedHosts.contains(host) else {
                return refuse(context, host: host, port: port, url: String(parts[1]),
                              reason: "\(host) is not an allowed address")
            }
            var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
            if let query = components.percentEncodedQuery { target += "?\(query)" }
            let headers = lines.filter {
                let name = $0.split(separator: ":").first?.lowercased() ?? ""
                return !$0.isEmpty && name != "proxy-connection" && name != "connection"
            }
            let rewritten = "\(parts[0]) \(target) \(parts[2])\r\n" + headers.map { "\($0)\r\n" }.joined()
                + "Connection: close\r\n\r\n"
            let rest = ByteBuffer(bytes: head[(end + 4)...])
            let client = context.channel
            let loop = context.eventLoop
            ClientBootstrap(group: loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(UpstreamSide(client: client))
                    }
                }
                .connect(host: host, port: port)
                .whenComplete { result in
                    switch result {
                    case .success(let channel):
                        self.upstream = channel
                        var first = ByteBuffer(string: rewritten)
                        var body = rest
                        first.writeBuffer(&body)
                        channel.write(first, promise: nil)
                        for buffer in self.pending { channel.write(buffer, promise: nil) }
                        self.pending = []
                        channel.flush()
                    case .failure:
                        client.writeAndFlush(ByteBuffer(string: "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n"))
                            .whenComplete { _ in client.close(promise: nil) }
                    }
                }
        }

        func channelInactive(context: ChannelHandlerContext) {
            upstream?.close(promise: nil)
        }

        private func refuse(_ context: ChannelHandlerContext, host: String, port: Int, url: String?, reason: String) {
            log.refused.withLock { $0.append(ProxyRefusal(host: host, port: port, url: url, reason: reason)) }
            let body = "refused: \(reason)"
            let channel = context.channel
            channel.writeAndFlush(ByteBuffer(string: "HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"))
                .whenComplete { _ in channel.close(promise: nil) }
        }

        static func headEnd(_ bytes: [UInt8]) -> Int? {
            guard bytes.count >= 4 else { return nil }
            for index in 0...(bytes.count - 4)
            where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index
            }
            return nil
        }
    }

    private final class UpstreamSide: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let client: any Channel
        init(client: any Channel) { self.client = client }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            client.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            client.close(promise: nil)
        }
    }
}
