import Foundation
import KaiguulCore
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// One TLS handshake with the target's name as SNI on one address. The certificate is not verified
/// here: the verdict compares its names with the target and with the control's, so a provider's own
/// certificate on a blockpage is seen rather than only refused.
struct TLSHandshaker: Sendable {
    let timeout: Duration
    let bindAddress: String?
    let addressGuard: AddressGuard

    func handshake(serverName: String, address text: String, port: Int) async -> SiteMeasurement.TLS {
        var result = SiteMeasurement.TLS(serverName: serverName, address: text, handshake: false)
        guard let address = IPAddress(text) else {
            result.failure = "bad_address"
            return result
        }
        if case .refused = addressGuard.check(address) {
            result.failure = "address_refused"
            return result
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            result.failure = "tls_configuration"
            return result
        }
        // An SNI may not be an IP literal; a target named by address sends none.
        let sni: String? = IPAddress(serverName) == nil ? serverName : nil
        let group = MultiThreadedEventLoopGroup.singleton
        let done = group.next().makePromise(of: [String].self)
        var bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout.timeAmount)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let tls = try NIOSSLClientHandler(context: context, serverHostname: sni)
                    try channel.pipeline.syncOperations.addHandler(tls)
                    try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(done: done))
                }
            }
        if let bindAddress {
            guard let source = try? SocketAddress(ipAddress: bindAddress, port: 0) else {
                result.failure = "bad_bind_address"
                done.fail(ChannelError.ioOnClosedChannel)
                return result
            }
            bootstrap = bootstrap.bind(to: source)
        }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: address.description, port: port).get()
        } catch {
            done.fail(error)
            result.failure = Self.failureName(error)
            return result
        }
        let timer = channel.eventLoop.scheduleTask(in: timeout.timeAmount) {
            done.fail(HandshakeTimeout())
        }
        do {
            let names = try await done.futureResult.get()
            result.handshake = true
            result.certificateNames = Array(names.prefix(SiteMeasurement.Limits.certificateNames))
        } catch {
            result.failure = Self.failureName(error)
        }
        timer.cancel()
        try? await channel.close()
        return result
    }

    struct HandshakeTimeout: Error {}

    static func failureName(_ error: any Error) -> String {
        if error is HandshakeTimeout { return "generic_timeout_error" }
        if let io = error as? IOError { return SocketEndpoint.errnoName(io.errnoCode) }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout: return "generic_timeout_error"
            case .eof, .ioOnClosedChannel, .alreadyClosed: return "connection_closed"
            default: return "channel_error"
            }
        }
        if let tls = error as? NIOSSLError {
            switch tls {
            case .uncleanShutdown: return "connection_reset"
            case .handshakeFailed: return "ssl_failed_handshake"
            default: return "ssl_error"
            }
        }
        let text = String(describing: error)
        if text.contains("connection reset") || text.contains("ECONNRESET") { return "connection_reset" }
        if text.contains("refused") { return "connection_refused" }
        return "ssl_error: " + String(text.prefix(120))
    }

    /// Completes the promise with the leaf certificate's DNS names once the handshake is done, or with
    /// the error that ended it.
    final class HandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        private let done: EventLoopPromise<[String]>

        init(done: EventLoopPromise<[String]>) { self.done = done }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case TLSUserEvent.handshakeCompleted = event {
                let certificate = try? context.pipeline.syncOperations.nioSSL_peerCertificate()
                done.succeed(certificate.map(Self.dnsNames) ?? [])
            }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            done.fail(error)
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            done.fail(ChannelError.eof)
            context.fireChannelInactive()
        }

        static func dnsNames(_ certificate: NIOSSLCertificate) -> [String] {
            var names: [String] = []
            for name in certificate._subjectAlternativeNames() where name.nameType == .dnsName {
                let text = String(decoding: Array(name.contents), as: UTF8.self)
                if text.utf8.count <= 253 { names.append(text.lowercased()) }
            }
            return names
        }
    }
}
