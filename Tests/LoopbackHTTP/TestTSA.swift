import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A throwaway RFC 3161 time-stamping authority on 127.0.0.1: each POSTed TimeStampReq is answered
/// by `openssl ts -reply` with a TSA certificate from a `TestPKI`, as
/// `application/timestamp-reply`. `verifyWithOpenSSL` is the independent check of a token.
public final class TestTSA: Sendable {
    /// How the TSA answers; anything but `.granted` is for testing how callers cope.
    public enum Behaviour: Sendable {
        case granted
        /// A well-formed TimeStampResp with status rejection (2) and failInfo badAlg.
        case rejecting
        /// HTTP 200 with bytes that are not DER.
        case garbage
    }

    /// Larger requests are refused: a TimeStampReq is under 200 bytes.
    static let maximumRequestBytes = 64 * 1024

    public let url: String
    public let pki: TestPKI
    /// The TSA's certificate (`-untrusted` for `openssl ts -verify`) in `directory`.
    public let certificateFile: URL
    /// The TSA's private key (PEM), in the PKI's folder.
    public let keyPath: String
    public let directory: URL
    private let channel: any Channel
    private let served: Mutex<Int>

    /// How many requests were answered.
    public var requestCount: Int { served.withLock { $0 } }

    private init(url: String, pki: TestPKI, certificateFile: URL, keyPath: String, directory: URL,
                 channel: any Channel) {
        self.url = url
        self.pki = pki
        self.certificateFile = certificateFile
        self.keyPath = keyPath
        self.directory = directory
        self.channel = channel
        self.served = Mutex(0)
    }

    public static func start(pki: TestPKI, key: TestPKI.KeyKind = .rsa,
                             behaviour: Behaviour = .granted) async throws -> TestTSA {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-tsa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tsa = try pki.makeTSA(key: key)
        let certificateFile = directory.appendingPathComponent("tsa.pem")
        try tsa.certPEM.write(to: certificateFile, atomically: true, encoding: .utf8)
        try pki.rootPEM.write(to: directory.appendingPathComponent("chain.pem"), atomically: true, encoding: .utf8)
        try "01\n".write(to: directory.appendingPathComponent("tsaserial"), atomically: true, encoding: .utf8)
        try configuration(directory: directory).write(to: directory.appendingPathComponent("ts.cnf"),
                                                      atomically: true, encoding: .utf8)
        let responder = Responder(directory: directory, keyPath: tsa.keyPath, behaviour: behaviour)
        let box = Box()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(responder: responder, box: box))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw OpenSSLCommand.Failure(description: "the test TSA got no port")
        }
        let server = TestTSA(url: "http://127.0.0.1:\(port)/tsa", pki: pki, certificateFile: certificateFile,
                             keyPath: tsa.keyPath, directory: directory, channel: channel)
        box.server.withLock { $0 = server }
        return server
    }

    public func stop() async {
        try? await channel.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// `openssl ts -verify -in RESPONSE -data FILE -CAfile ROOT [-untrusted TSACERT]`: true when it says OK.
    public static func verifyWithOpenSSL(response: Data, data: URL, caFile: URL, untrusted: URL? = nil) -> Bool {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-tsr-\(UUID().uuidString).tsr")
        defer { try? FileManager.default.removeItem(at: scratch) }
        guard (try? response.write(to: scratch)) != nil else { return false }
        var arguments = ["ts", "-verify", "-in", scratch.path, "-data", data.path, "-CAfile", caFile.path]
        if let untrusted { arguments += ["-untrusted", untrusted.path] }
        guard let result = try? OpenSSLCommand.run(arguments) else { return false }
        return result.status == 0 && result.output.contains("Verification: OK")
    }

    fileprivate func countRequest() { served.withLock { $0 += 1 } }

    private static func configuration(directory: URL) -> String {
        """
        [ tsa ]
        default_tsa = tsa_config
        [ tsa_config ]
        dir = \(directory.path)
        serial = $dir/tsaserial
        crypto_device = builtin
        signer_digest = sha256
        default_policy = 1.2.3.4.1
        other_policies = 1.2.3.4.5
        digests = sha256, sha384, sha512
        accuracy = secs:1
        clock_precision_digits = 0
        ordering = yes
        tsa_name = yes
        ess_cert_id_chain = no
        ess_cert_id_alg = sha256

        """
    }

    private final class Box: Sendable {
        let server = Mutex<TestTSA?>(nil)
    }

    /// Runs `openssl ts -reply`, one request at a time (the serial file is shared).
    private final class Responder: Sendable {
        let directory: URL
        let keyPath: String
        let behaviour: Behaviour
        private let lock = Mutex(())

        init(directory: URL, keyPath: String, behaviour: Behaviour) {
            self.directory = directory
            self.keyPath = keyPath
            self.behaviour = behaviour
        }

        /// The HTTP status line and body for a request body.
        func answer(_ query: [UInt8]) -> (status: String, body: [UInt8]) {
            switch behaviour {
            case .garbage:
                return ("200 OK", Array("this is not a time-stamp response".utf8))
            case .rejecting:
                // TimeStampResp { PKIStatusInfo { status 2, failInfo BIT STRING badAlg } }
                return ("200 OK", [0x30, 0x09, 0x30, 0x07, 0x02, 0x01, 0x02, 0x03, 0x02, 0x07, 0x80])
            case .granted:
                return lock.withLock { _ in
                    let name = UUID().uuidString
                    let queryFile = directory.appendingPathComponent("\(name).tsq")
                    let replyFile = directory.appendingPathComponent("\(name).tsr")
                    defer {
                        try? FileManager.default.removeItem(at: queryFile)
                        try? FileManager.default.removeItem(at: replyFile)
                    }
                    guard (try? Data(query).write(to: queryFile)) != nil,
                          let result = try? OpenSSLCommand.run([
                              "ts", "-reply", "-config", "ts.cnf", "-queryfile", queryFile.path, "-inkey", keyPath,
                              "-signer", "tsa.pem", "-chain", "chain.pem", "-out", replyFile.path,
                          ], in: directory),
                          result.status == 0,
                          let reply = try? Data(contentsOf: replyFile)
                    else {
                        return ("500 Internal Server Error", Array("openssl ts -reply failed".utf8))
                    }
                    return ("200 OK", Array(reply))
                }
            }
        }
    }

    /// Reads one HTTP/1.1 request with a Content-Length body, answers it, closes.
    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let responder: Responder
        private let box: Box
        private var received: [UInt8] = []
        private var answered = false

        init(responder: Responder, box: Box) {
            self.responder = responder
            self.box = box
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            guard !answered else { return }
            received.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
            guard received.count <= TestTSA.maximumRequestBytes else {
                answered = true
                reply(status: "413 Content Too Large", body: [], on: context.channel)
                return
            }
            guard let end = headEnd() else { return }
            let head = String(decoding: received[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
            let length = head.dropFirst().compactMap { line -> Int? in
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                return Int(parts[1].trimmingCharacters(in: .whitespaces))
            }.first ?? 0
            guard received.count >= end + 4 + length else { return }
            answered = true
            guard head.first?.hasPrefix("POST ") == true else {
                reply(status: "405 Method Not Allowed", body: [], on: context.channel)
                return
            }
            let body = Array(received[(end + 4)..<(end + 4 + length)])
            let channel = context.channel
            let responder = responder
            let box = box
            // openssl takes a while: off the event loop.
            DispatchQueue.global().async {
                let (status, answer) = responder.answer(body)
                box.server.withLock { $0?.countRequest() }
                channel.eventLoop.execute { Self.send(status: status, body: answer, on: channel) }
            }
        }

        private func reply(status: String, body: [UInt8], on channel: any Channel) {
            Self.send(status: status, body: body, on: channel)
        }

        private static func send(status: String, body: [UInt8], on channel: any Channel) {
            let head = "HTTP/1.1 \(status)\r\nContent-Type: application/timestamp-reply\r\n"
                + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            channel.write(ByteBuffer(string: head), promise: nil)
            channel.writeAndFlush(ByteBuffer(bytes: body)).whenComplete { _ in channel.close(promise: nil) }
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
    }
}
