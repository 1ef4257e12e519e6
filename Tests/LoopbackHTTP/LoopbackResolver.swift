import NIOCore
import NIOPosix
import Synchronization

/// A DNS resolver on 127.0.0.1 and an ephemeral UDP port that answers from a table: names with their
/// IPv4 addresses (A only; AAAA gets an empty NOERROR), a fixed response code for others, or no
/// reply at all. What a provider's resolver with a block list does, without Unbound.
public final class LoopbackResolver: Sendable {
    public enum Answer: Sendable {
        case addresses([String])
        /// NXDOMAIN, SERVFAIL, REFUSED… by code.
        case rcode(UInt8)
        case silence
    }

    public let port: Int
    private let channel: any Channel
    private let log: Log

    /// The names asked, in order (one per question, A and AAAA alike).
    public var questions: [String] { log.names.withLock { $0 } }

    public var address: String { "127.0.0.1:\(port)" }

    private init(port: Int, channel: any Channel, log: Log) {
        self.port = port; self.channel = channel; self.log = log
    }

    public static func start(_ table: [String: Answer], otherwise: Answer = .rcode(3)) async throws -> LoopbackResolver {
        let log = Log()
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(table: table, otherwise: otherwise, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw LoopbackServer.ServerError.noPort }
        let server = LoopbackResolver(port: port, channel: channel, log: log)
        return server
    }

    public func stop() async { try? await channel.close() }

    private final class Log: Sendable {
        let names = Mutex<[String]>([])
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let table: [String: Answer]
        let otherwise: Answer
        let log: Log

        init(table: [String: Answer], otherwise: Answer, log: Log) {
            self.table = table; self.otherwise = otherwise; self.log = log
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            var buffer = envelope.data
            guard let query = buffer.readBytes(length: buffer.readableBytes), query.count > 12 else { return }
            var labels: [String] = []
            var i = 12
            while i < query.count, query[i] != 0 {
                let length = Int(query[i])
                guard i + 1 + length <= query.count else { return }
                labels.append(String(decoding: query[(i + 1)..<(i + 1 + length)], as: UTF8.self))
                i += 1 + length
            }
            guard i + 5 <= query.count else { return }
            let questionEnd = i + 5
            let type = UInt16(query[i + 1]) << 8 | UInt16(query[i + 2])
            let name = labels.joined(separator: ".").lowercased()
            log.names.withLock { $0.append(name) }
            let answer = table[name] ?? otherwise
            var reply = Array(query[0..<questionEnd])
            reply[2] = 0x81
            reply[3] = 0x80
            reply[6] = 0; reply[7] = 0
            switch answer {
            case .silence:
                return
            case .rcode(let code):
                reply[3] = 0x80 | (code & 0x0F)
            case .addresses(let addresses):
                guard type == 1 else { break }
                let records = addresses.compactMap { text -> [UInt8]? in
                    let parts = text.split(separator: ".").compactMap { UInt8($0) }
                    return parts.count == 4 ? parts : nil
                }
                reply[7] = UInt8(records.count)
                for record in records {
                    reply += [0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4] + record
                }
            }
            let out = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: ByteBuffer(bytes: reply))
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
        }
    }
}
