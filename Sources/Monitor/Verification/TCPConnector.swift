import Foundation
import KaiguulCore

#if canImport(Glibc)
    import Glibc
#endif

/// One TCP connect to one address and port, optionally from a given source address, within a time
/// limit; closed at once. What fails (refused, reset, timeout, unreachable) is the result.
struct TCPConnector: Sendable {
    let timeoutSeconds: Double
    let bindAddress: String?
    let addressGuard: AddressGuard

    func connect(_ address: String, port: Int) async -> SiteMeasurement.TCPConnect {
        let connector = self
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: connector.connectBlocking(address, port: port))
            }
        }
    }

    func connectBlocking(_ text: String, port: Int) -> SiteMeasurement.TCPConnect {
        var result = SiteMeasurement.TCPConnect(address: text, port: port, connected: false)
        guard let address = IPAddress(text) else {
            result.failure = "bad_address"
            return result
        }
        // A hostile answer may point inside; even a bare connect is a port scan we do not run.
        if case .refused = addressGuard.check(address) {
            result.failure = "address_refused"
            return result
        }
        let endpoint = SocketEndpoint(address: address, port: port)
        let opened = SocketEndpoint.open(type: Int32(SOCK_STREAM.rawValue), family: endpoint.family, source: bindAddress)
        guard let fd = opened.fd else {
            result.failure = opened.failure
            return result
        }
        defer { close(fd) }
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let started = endpoint.withSockaddr { Glibc.connect(fd, $0, $1) }
        if started == 0 {
            result.connected = true
            return result
        }
        guard errno == EINPROGRESS else {
            result.failure = SocketEndpoint.errnoName(errno)
            return result
        }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while true {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { result.failure = "generic_timeout_error"; return result }
            let ready = poll(&poller, 1, Int32(max(1, left * 1000)))
            if ready < 0, errno == EINTR { continue }
            if ready == 0 { result.failure = "generic_timeout_error"; return result }
            if ready < 0 { result.failure = SocketEndpoint.errnoName(errno); return result }
            break
        }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
        if error == 0 {
            result.connected = true
        } else {
            result.failure = SocketEndpoint.errnoName(error)
        }
        return result
    }
}
