import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One DNS question (type A) over UDP to one resolver, or through the system resolver (getaddrinfo).
/// Small on purpose: verification only needs to know whether a name still resolves, and to which
/// addresses, through the resolvers the providers' customers use.
enum DNSQuery {
    enum Answer: Sendable, Equatable {
        case addresses([String])
        case nxdomain
        case noAnswer(rcode: Int)
        case failed(String)

        var summary: String {
            switch self {
            case .addresses(let a): "A " + a.joined(separator: " ")
            case .nxdomain: "NXDOMAIN"
            case .noAnswer(let rcode): "no answer (rcode \(rcode))"
            case .failed(let why): "failed: \(why)"
            }
        }

        var resolves: Bool {
            if case .addresses(let a) = self { return !a.isEmpty }
            return false
        }
    }

    /// `server` is `system` or `IPv4[:port]`.
    static func resolve(_ name: String, server: String, timeoutSeconds: Int = 3) -> Answer {
        if server == "system" { return system(name) }
        let parts = server.split(separator: ":")
        let host = String(parts.first ?? "")
        let port = parts.count > 1 ? UInt16(parts[1]) ?? 53 : 53
        return udp(name, host: host, port: port, timeoutSeconds: timeoutSeconds)
    }

    private static func system(_ name: String) -> Answer {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &result)
        defer { if let result { freeaddrinfo(result) } }
        guard status == 0 else { return status == EAI_NONAME ? .nxdomain : .failed("getaddrinfo \(status)") }
        var addresses: [String] = []
        var cursor = result
        while let info = cursor {
            if let sa = info.pointee.ai_addr, info.pointee.ai_family == AF_INET {
                let addr = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                addresses.append(String(cString: inet_ntoa(addr)))
            }
            cursor = info.pointee.ai_next
        }
        return .addresses(Array(Set(addresses)).sorted())
    }

    static func encodeQuestion(_ name: String, id: UInt16) -> [UInt8]? {
        var packet: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in name.split(separator: ".") {
            let bytes = Array(label.utf8)
            guard !bytes.isEmpty, bytes.count < 64 else { return nil }
            packet.append(UInt8(bytes.count))
            packet += bytes
        }
        packet += [0, 0, 1, 0, 1]
        return packet
    }

    private static func udp(_ name: String, host: String, port: UInt16, timeoutSeconds: Int) -> Answer {
        let id = UInt16.random(in: 0...UInt16.max)
        guard let question = encodeQuestion(name, id: id) else { return .failed("bad name") }
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return .failed("socket") }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return .failed("bad resolver address") }
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, question, question.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard sent == question.count else { return .failed("send") }
        var buffer = [UInt8](repeating: 0, count: 1500)
        let received = recv(fd, &buffer, buffer.count, 0)
        guard received >= 12 else { return .failed(received < 0 ? "timeout" : "short reply") }
        return parse(Array(buffer[0..<received]), id: id)
    }

    static func parse(_ reply: [UInt8], id: UInt16) -> Answer {
        guard reply.count >= 12, UInt16(reply[0]) << 8 | UInt16(reply[1]) == id else { return .failed("bad reply") }
        let rcode = Int(reply[3] & 0x0F)
        if rcode == 3 { return .nxdomain }
        guard rcode == 0 else { return .noAnswer(rcode: rcode) }
        let questions = Int(reply[4]) << 8 | Int(reply[5])
        let answers = Int(reply[6]) << 8 | Int(reply[7])
        var i = 12
        func skipName() -> Bool {
            while i < reply.count {
                let len = Int(reply[i])
                if len == 0 { i += 1; return true }
                if len & 0xC0 == 0xC0 { i += 2; return true }
                i += 1 + len
            }
            return false
        }
        for _ in 0..<questions {
            guard skipName() else { return .failed("bad reply") }
            i += 4
        }
        var addresses: [String] = []
        for _ in 0..<answers {
            guard skipName(), i + 10 <= reply.count else { break }
            let type = Int(reply[i]) << 8 | Int(reply[i + 1])
            let length = Int(reply[i + 8]) << 8 | Int(reply[i + 9])
            i += 10
            guard i + length <= reply.count else { break }
            if type == 1, length == 4 {
                addresses.append(reply[i..<i + 4].map(String.init).joined(separator: "."))
            }
            i += length
        }
        return addresses.isEmpty ? .noAnswer(rcode: 0) : .addresses(addresses)
    }
}
