import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A tiny HTTP/1.1 server on 127.0.0.1 and an ephemeral port that answers from a script, byte for
/// byte, including the misbehaviour real servers show (endless bodies, dripping, redirect loops).
/// Shared by the fetcher tests (MonitorTests) and the pipeline tests (AppTests).
public final class LoopbackServer: Sendable {
    public struct Reply: Sendable {
        public enum Body: Sendable {
            case bytes([UInt8])
            /// Chunks of this size for as long as the client reads.
            case endless(chunkSize: Int)
            /// One byte per interval, `count` times.
            case drip(interval: TimeAmount, count: Int)
        }

        public var status: String
        public var headers: [(String, String)]
        public var body: Body
        /// When false the server reads the request and never answers.
        public var answers: Bool

        public init(status: String = "200 OK", headers: [(String, String)] = [], body: Body = .bytes([]),
                    answers: Bool = true) {
            self.status = status
            self.headers = headers
            self.body = body
            self.answers = answers
        }

        public static func ok(_ body: [UInt8], type: String = "text/html; charset=utf-8",
                              headers: [(String, String)] = []) -> Reply {
            Reply(headers: [("Content-Type", type), ("Content-Length", "\(body.count)")] + headers, body: .bytes(body))
        }

        public static func ok(_ text: String, type: String = "text/html; charset=utf-8") -> Reply {
            ok(Array(text.utf8), type: type)
        }

        public static func redirect(_ location: String, status: String = "302 Found") -> Reply {
            Reply(status: status, headers: [("Location", location), ("Content-Length", "0")])
        }

        public static let notFound = Reply(status: "404 Not Found", headers: [("Content-Type", "text/plain"),
                                                                               ("Content-Length", "9")],
                                           body: .bytes(Array("not found".utf8)))
    }

    public struct SeenRequest: Sendable {
        public var path: String
        public var headers: [(String, String)]

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    public let port: Int
    private let channel: any Channel
    private let seen: Mutex<[SeenRequest]>

    public var requests: [SeenRequest] { seen.withLock { $0 } }

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
        self.seen = Mutex([])
    }

    /// - Parameters:
    ///   - tls: when given, the server speaks HTTPS with this context.
    ///   - socks: the server first plays a SOCKS5 proxy (no authentication) and records the
    ///     CONNECT target as a request `socks <host>:<port>`, then answers the HTTP request that
    ///     comes through.
    public static func start(tls: NIOSSLContext? = nil, socks: Bool = false,
                      _ route: @escaping @Sendable (SeenRequest) -> Reply) async throws -> LoopbackServer
    {
        let log = Log()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.addHandler(Handler(route: route, log: log, socks: socks))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ServerError.noPort }
        let server = LoopbackServer(port: port, channel: channel)
        log.server.withLock { $0 = server }
        return server
    }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    public func stop() async {
        try? await channel.close()
    }

    fileprivate func record(_ request: SeenRequest) {
        seen.withLock { $0.append(request) }
    }

    public enum ServerError: Error { case noPort }

    /// Lets handlers created before the server object existed report to it.
    private final class Log: Sendable {
        let server = Mutex<LoopbackServer?>(nil)
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let route: @Sendable (SeenRequest) -> Reply
        private let log: Log
        private var received: [UInt8] = []
        private var answered = false
        private enum SocksStage { case greeting, connect, done }
        private var socks: SocksStage

        init(route: @escaping @Sendable (SeenRequest) -> Reply, log: Log, socks: Bool = false) {
            self.route = route
            self.log = log
            self.socks = socks ? .greeting : .done
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            guard !answered else { return }
            received.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
            guard readSocks(context) else { return }
            guard let end = headEnd() else { return }
            answered = true
            let lines = String(decoding: received[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let path = lines.first?.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
            let headers = lines.dropFirst().compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (
                    String(line[..<colon]),
                    String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                )
            }
            let request = SeenRequest(path: path, headers: headers)
            log.server.withLock { $0?.record(request) }
            // As a proxy: agree to a tunnel, then answer the request that comes through it.
            if lines.first?.hasPrefix("CONNECT ") == true {
                received.removeSubrange(0..<(end + 4))
                answered = false
                context.channel.writeAndFlush(ByteBuffer(string: "HTTP/1.1 200 Connection established\r\n\r\n"),
                                              promise: nil)
                return
            }
            send(route(request), on: context.channel)
        }

        /// SOCKS5 (RFC 1928) as far as a client without authentication needs it: the greeting,
        /// then CONNECT to an IPv4 address or a name. True once the tunnel is up (or never asked for).
        private func readSocks(_ context: ChannelHandlerContext) -> Bool {
            switch socks {
            case .done:
                return true
            case .greeting:
                guard received.count >= 2, received.count >= 2 + Int(received[1]) else { return false }
                received.removeFirst(2 + Int(received[1]))
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: [0x05, 0x00])), promise: nil)
                socks = .connect
                return readSocks(context)
            case .connect:
                guard received.count >= 5 else { return false }
                let host: String
                let length: Int
                switch received[3] {
                case 0x01:
                    length = 4 + 4 + 2
                    guard received.count >= length else { return false }
                    host = received[4..<8].map(String.init).joined(separator: ".")
                case 0x03:
                    length = 5 + Int(received[4]) + 2
                    guard received.count >= length else { return false }
                    host = String(decoding: received[5..<(5 + Int(received[4]))], as: UTF8.self)
                default:
                    context.close(promise: nil)
                    return false
                }
                let port = Int(received[length - 2]) << 8 | Int(received[length - 1])
                received.removeFirst(length)
                log.server.withLock { $0?.record(SeenRequest(path: "socks \(host):\(port)", headers: [])) }
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: [0x05, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0])),
                                      promise: nil)
                socks = .done
                return true
            }
        }

        private func headEnd() -> Int? {
            guard received.count >= 4 else { return nil }
            for index in 0...(received.count - 4)
            where received[index] == 13 && received[index + 1] == 10 && received[index + 2] == 13
                && received[index + 3] == 10
            {
                return index
            }
            return nil
        }

        private func send(_ reply: Reply, on channel: any Channel) {
            guard reply.answers else { return }
            var head = "HTTP/1.1 \(reply.status)\r\n"
            for (name, value) in reply.headers { head += "\(name): \(value)\r\n" }
            head += "Connection: close\r\n\r\n"
            channel.write(ByteBuffer(string: head), promise: nil)
            switch reply.body {
            case .bytes(let bytes):
                channel.writeAndFlush(ByteBuffer(bytes: bytes)).whenComplete { _ in channel.close(promise: nil) }
            case .endless(let size):
                channel.flush()
                Self.pump(ByteBuffer(repeating: 0x61, count: size), on: channel)
            case .drip(let interval, let count):
                channel.flush()
                Self.drip(remaining: count, interval: interval, on: channel)
            }
        }

        private static func pump(_ chunk: ByteBuffer, on channel: any Channel) {
            channel.writeAndFlush(chunk).whenComplete { result in
                if case .success = result { pump(chunk, on: channel) }
            }
        }

        private static func drip(remaining: Int, interval: TimeAmount, on channel: any Channel) {
            guard remaining > 0 else {
                channel.close(promise: nil)
                return
            }
            channel.eventLoop.scheduleTask(in: interval) {
                channel.writeAndFlush(ByteBuffer(string: "x")).whenComplete { result in
                    if case .success = result { drip(remaining: remaining - 1, interval: interval, on: channel) }
                }
            }
        }
    }
}
