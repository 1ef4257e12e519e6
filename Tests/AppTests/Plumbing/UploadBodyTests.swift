import Fluent
import Foundation
import Testing
import Vapor
#if canImport(Glibc)
import Glibc
#endif

@testable import App

/// A large body is read only by a route that takes uploads, once the person is signed in, allowed
/// and has proven the form's CSRF token; it goes to disk, never whole into memory.
@Suite("Upload bodies") struct UploadBodyTests {
    /// What the client could push before the server answered: socket buffers, not the body.
    static let smallBound = 2 * 1_048_576
    static let bigBody = 52 * 1_048_576

    /// Runs the app on a loopback port for the test.
    static func withServer(_ test: (Application, Int) async throws -> Void) async throws {
        try await withApp { app in
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = try #require(app.http.server.shared.localAddress?.port)
                try await test(app, port)
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
    }

    @Test(arguments: ["/x/upload", "/x/files", "/cases/1/documents", "/materials/files", "/api/v1/cases/1/documents"])
    func bigPostWithoutLoginIsRefusedUnread(path: String) async throws {
        try await Self.withServer { _, port in
            // MUT
            let result = try await RawUpload.post(port: port, path: path, bodySize: Self.bigBody,
                                                  headers: ["Content-Type: multipart/form-data; boundary=b"])
            // validate: an answer came while most of the body was still unsent
            #expect(result.statusLine.hasPrefix("HTTP/1.1 4") || result.statusLine.hasPrefix("HTTP/1.1 3"))
            #expect(result.sent < Self.smallBound, "server read \(result.sent) bytes before answering")
        }
    }

    @Test func bigPostWithoutCSRFTokenIsRefusedUnread() async throws {
        try await Self.withServer { app, port in
            // setup: a signed-in expert's session, a form whose file comes before any token
            try await app.makeUser("expert1", role: .expert)
            let expert = Browser(app)
            try await expert.login("expert1")
            let cookie = expert.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let head = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-"
            // MUT
            let result = try await RawUpload.post(port: port, path: "/cases/1/documents", bodySize: Self.bigBody,
                                                  headers: ["Content-Type: multipart/form-data; boundary=b",
                                                            "Cookie: \(cookie)"], prefix: Array(head.utf8))
            // validate
            #expect(result.statusLine.hasPrefix("HTTP/1.1 403"))
            #expect(result.sent < Self.smallBound, "server read \(result.sent) bytes before answering")
        }
    }

    @Test func tokenAfterTheFileIsRefusedAndNothingIsLeftOnDisk() async throws {
        try await withApp { app in
            // setup
            try await app.makeUser("cora", role: .coordinator)
            let coordinator = Browser(app)
            try await coordinator.login("cora", language: "en")
            let token = try await coordinator.csrfToken()
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 1, count: 100)
            let late = MaterialUploadTests.multipart([("title", "Late token")], file: ("a.png", png), boundary: "b")
                + Data("--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(token)\r\n--b--\r\n".utf8)
            let type = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": "b"])
            // MUT
            let refused = try await coordinator.postRaw("/materials/files", body: late, contentType: type)
            let fine = MaterialUploadTests.multipart([("_csrf", token), ("title", "On time"), ("languages", "ky")],
                                                     file: ("a.png", png), boundary: "b")
            let accepted = try await coordinator.postRaw("/materials/files", body: fine, contentType: type)
            // validate
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("not sent from this site"))
            #expect(accepted.status == .seeOther)
            #expect(try await CounterMaterial.query(on: app.db).count() == 1)
            let left = (try? FileManager.default.contentsOfDirectory(
                atPath: app.kaiguul.dataDirectory.appendingPathComponent("uploads-in-progress").path)) ?? []
            #expect(left.isEmpty)
        }
    }

    @Test func fileOverTheLimitIsRefusedAndNothingIsLeftOnDisk() async throws {
        try await withApp { app in
            // setup: a signed-in expert, a case referred to them, a file one byte over the limit
            try await app.makeUser("expert1", role: .expert)
            let expert = Browser(app)
            try await expert.login("expert1")
            let big = Data("%PDF-".utf8) + Data(repeating: 0x20, count: app.kaiguul.uploadLimitBytes - 4)
            let (body, type) = CasePageTests.multipart([("_csrf", try await expert.csrfToken()), ("kind", "evidence")],
                                                       file: big, filename: "big.pdf")
            // MUT
            let reply = try await expert.postRaw("/cases/1/documents", body: body, contentType: type)
            // validate
            #expect(reply.status == .payloadTooLarge, "\(reply.status)")
            #expect(try await DocumentRecord.query(on: app.db).count() == 0)
            let left = (try? FileManager.default.contentsOfDirectory(
                atPath: app.kaiguul.dataDirectory.appendingPathComponent("uploads-in-progress").path)) ?? []
            #expect(left.isEmpty)
        }
    }
}

/// A client on a plain socket that declares a large body, sends it as fast as the server takes
/// it, and stops at the server's first answer: how much it sent is an upper bound on what the
/// server read before answering.
enum RawUpload {
    struct Outcome: Sendable {
        var sent: Int
        var statusLine: String
    }

    static func post(port: Int, path: String, bodySize: Int, headers: [String], prefix: [UInt8] = []) async throws
        -> Outcome
    {
        // A thread of its own: the client blocks in poll, which must not hold a test executor thread.
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try send(port: port, path: path, bodySize: bodySize, headers: headers, prefix: prefix)
                })
            }.start()
        }
    }

    private static func send(port: Int, path: String, bodySize: Int, headers: [String], prefix: [UInt8]) throws
        -> Outcome
    {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket") }
        defer { close(fd) }
        // Small buffers on our side, so what the kernel holds says little next to the body.
        var size: Int32 = 65_536
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw TestFailure("connect") }
        var pending = Array(("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(bodySize)\r\n"
            + headers.map { $0 + "\r\n" }.joined() + "\r\n").utf8) + prefix
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let filler = [UInt8](repeating: 0x41, count: 65_536)
        var sent = -pending.count + prefix.count
        var response = [UInt8]()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let wantsOut = sent < bodySize || !pending.isEmpty
            var p = pollfd(fd: fd, events: Int16(POLLIN) | (wantsOut ? Int16(POLLOUT) : 0), revents: 0)
            guard poll(&p, 1, 1000) >= 0 else { throw TestFailure("poll") }
            if p.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { break }
                response += buffer[0..<n]
                if response.contains(0x0A) { break }
            }
            if wantsOut, p.revents & Int16(POLLOUT) != 0 {
                if pending.isEmpty { pending = Array(filler.prefix(min(filler.count, bodySize - max(sent, 0)))) }
                let n = pending.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n > 0 {
                    sent += n
                    pending.removeFirst(n)
                } else if errno != EAGAIN {
                    break
                }
            }
        }
        let line = String(decoding: response.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        return Outcome(sent: max(sent, 0), statusLine: line)
    }
}
