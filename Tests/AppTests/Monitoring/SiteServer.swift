import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 for the monitoring tests: answers from a script whose
/// replies can be changed between checks, including the misbehaviour of hostile servers.
final class SiteServer: Sendable {
    struct Reply: Sendable {
        enum Body: Sendable {
            case bytes([UInt8])
            case endless(chunkSize: Int)
            case drip(interval: TimeAmount, count: Int)
        }

        var status: String = "200 OK"
        var headers: [(String, String)] = []
        var body: Body = .bytes([])

        static func ok(_ text: String, type: String = "text/html; charset=utf-8") -> Reply {
            ok(Array(text.utf8), type: type)
        }

        static func ok(_ bytes: [UInt8], type: String, headers: [(String, String)] = []) -> Reply {
            Reply(headers: [("Content-Type", type), ("Content-Length", "\(bytes.count)")] + headers, body: .bytes(bytes))
        }

        static func redirect(_ location: String) -> Reply {
            Reply(status: "302 Found", headers: [("Location", location), ("Content-Length", "0")])
        }

        static let notFound = Reply(status: "404 Not Found", headers: [("Content-Type", "text/plain"),
                                                                        ("Content-Length", "9")],
                                    body: .bytes(Array("not found".utf8)))
    }

    typealias Route = @Sendable (String) -> Reply

    let port: Int
    private let channel: any Channel
    private let routes: Mutex<Route>
    private let seen = Mutex<[String]>([])

    var requests: [String] { seen.withLock { $0 } }

    private init(port: Int, channel: any Channel, route: @escaping Route) {
        self.port = port
        self.channel = channel
        self.routes = Mutex(route)
    }

    static func start(_ route: @escaping Route) async throws -> SiteServer {
        let holder = Holder()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(holder: holder))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw TestFailure("no port") }
        let server = SiteServer(port: port, channel: channel, route: route)
        holder.server.withLock { $0 = server }
        return server
    }

    /// Replaces the script (a site that changed between two checks).
    func setRoute(_ route: @escaping Route) { routes.withLock { $0 = route } }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Where a crawled absolute URL is fetched from in the tests: `https://t.me/s/x` → `/ext/t.me/s/x`.
    var locate: @Sendable (String) -> String {
        let base = url("/ext/")
        let own = url("")
        return { url in
            if url.hasPrefix(own) { return url }
            for scheme in ["https://", "http://"] where url.hasPrefix(scheme) { return base + url.dropFirst(scheme.count) }
            return url
        }
    }

    func stop() async { try? await channel.close() }

    fileprivate func reply(_ path: String) -> Reply {
        seen.withLock { $0.append(path) }
        return routes.withLock { $0 }(path)
    }

    private final class Holder: Sendable {
        let server = Mutex<SiteServer?>(nil)
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private let holder: Holder
        private var received: [UInt8] = []
        private var answered = false

        init(holder: Holder) { self.holder = holder }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            guard !answered else { return }
            received.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
            guard let end = headEnd() else { return }
            answered = true
            let line = String(decoding: received[0..<end], as: UTF8.self).components(separatedBy: "\r\n").first ?? ""
            let path = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
            guard let reply = holder.server.withLock({ $0 })?.reply(path) else { return }
            send(reply, on: context.channel)
        }

        private func headEnd() -> Int? {
            guard received.count >= 4 else { return nil }
            for i in 0...(received.count - 4)
            where received[i] == 13 && received[i + 1] == 10 && received[i + 2] == 13 && received[i + 3] == 10 {
                return i
            }
            return nil
        }

        private func send(_ reply: Reply, on channel: any Channel) {
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

/// `../shared/fixtures` beside the repository, found from this file's path.
enum MonitoringFixtures {
    static let root: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
        for _ in 0..<6 {
            directory = directory.deletingLastPathComponent()
            let candidate = directory.appendingPathComponent("../shared/fixtures").standardizedFileURL
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    static func bytes(_ path: String) throws -> [UInt8] {
        guard let root else { throw TestFailure("fixtures not found") }
        return Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }
}
