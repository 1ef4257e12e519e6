import NIOCore
import NIOPosix

/// The proxy's own outward connection: TCP to the address the guard checked, or to the fetcher's
/// upstream proxy (`KAIGUUL_FETCH_PROXY`), which is then asked for a tunnel to that same address.
enum ProxyUpstream {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Opens the TCP connection; `handshake` must follow before any byte of the tool's is sent.
    static func open(
        address: IPAddress, port: Int, via proxy: FetcherConfiguration.Proxy?, timeout: Duration
    ) async throws -> Connection {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout.timeAmount)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        let wrap: @Sendable (any Channel) -> EventLoopFuture<Connection> = { channel in
            channel.eventLoop.makeCompletedFuture { try Connection(wrappingChannelSynchronously: channel) }
        }
        switch proxy {
        case nil:
            let target = try SocketAddress(ipAddress: address.description, port: port)
            return try await bootstrap.connect(to: target, channelInitializer: wrap)
        case .http(let host, let proxyPort), .socks(let host, let proxyPort):
            // The upstream proxy is the operator's own setting, reached by its configured name, as the
            // fetcher's HTTP client reaches it.
            return try await bootstrap.connect(host: host, port: proxyPort, channelInitializer: wrap)
        }
    }

    /// Asks the upstream proxy, if any, for a tunnel to the checked address — never to the name: a
    /// proxy resolving the name itself could be steered inside by a second DNS answer.
    static func handshake(
        _ reader: inout ProxyByteReader, _ writer: NIOAsyncChannelOutboundWriter<ByteBuffer>, address: IPAddress,
        port: Int, via proxy: FetcherConfiguration.Proxy?
    ) async throws {
        switch proxy {
        case nil:
            return
        case .http:
            let authority = address.isIPv4 ? "\(address):\(port)" : "[\(address)]:\(port)"
            try await writer.write(ByteBuffer(string: "CONNECT \(authority) HTTP/1.1\r\nHost: \(authority)\r\n\r\n"))
            guard let head = try await reader.readHead(limit: 16 * 1024) else {
                throw Failure(description: "upstream proxy closed the connection")
            }
            let statusLine = String(decoding: head.prefix { $0 != 13 }, as: UTF8.self)
            let parts = statusLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]),
                (200..<300).contains(status)
            else {
                throw Failure(description: "upstream proxy refused the tunnel: \(statusLine.prefix(120))")
            }
        case .socks:
            // RFC 1928, no authentication.
            try await writer.write(ByteBuffer(bytes: [0x05, 0x01, 0x00]))
            guard let choice = await reader.read(exactly: 2), choice == [0x05, 0x00] else {
                throw Failure(description: "SOCKS proxy refused the greeting")
            }
            var request: [UInt8] = [0x05, 0x01, 0x00, address.isIPv4 ? 0x01 : 0x04]
            request += address.bytes
            request += [UInt8(port >> 8), UInt8(port & 0xFF)]
            try await writer.write(ByteBuffer(bytes: request))
            guard let reply = await reader.read(exactly: 4), reply[0] == 0x05 else {
                throw Failure(description: "SOCKS proxy sent no reply")
            }
            guard reply[1] == 0x00 else { throw Failure(description: "SOCKS proxy refused the tunnel (code \(reply[1]))") }
            let boundLength: Int
            switch reply[3] {
            case 0x01: boundLength = 4
            case 0x04: boundLength = 16
            case 0x03:
                guard let length = await reader.read(exactly: 1) else { throw Failure(description: "SOCKS reply cut short") }
                boundLength = Int(length[0])
            default: throw Failure(description: "SOCKS reply with unknown address type")
            }
            guard await reader.read(exactly: boundLength + 2) != nil else {
                throw Failure(description: "SOCKS reply cut short")
            }
        }
    }
}
