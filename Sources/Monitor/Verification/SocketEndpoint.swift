#if canImport(Glibc)
    import Glibc
#endif

/// An address and port as the C socket calls take them, and the small blocking-socket helpers the
/// DNS question and the TCP connect share (bind, connect with a deadline, errno names).
struct SocketEndpoint: Sendable {
    let address: IPAddress
    let port: Int

    var family: Int32 { address.isIPv4 ? AF_INET : AF_INET6 }

    /// Calls `body` with the C socket address.
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        if address.isIPv4 {
            var storage = sockaddr_in()
            storage.sin_family = sa_family_t(AF_INET)
            storage.sin_port = UInt16(port).bigEndian
            withUnsafeMutableBytes(of: &storage.sin_addr) { $0.copyBytes(from: address.bytes) }
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        var storage = sockaddr_in6()
        storage.sin6_family = sa_family_t(AF_INET6)
        storage.sin6_port = UInt16(port).bigEndian
        withUnsafeMutableBytes(of: &storage.sin6_addr) { $0.copyBytes(from: address.bytes) }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
    }

    /// A socket of this endpoint's family, bound to `source` when given. Nil with a failure name.
    static func open(type: Int32, family: Int32, source: String?) -> (fd: Int32?, failure: String?) {
        var sourceAddress: IPAddress?
        if let source {
            guard let parsed = IPAddress(source) else { return (nil, "bad_bind_address") }
            guard (parsed.isIPv4 ? AF_INET : AF_INET6) == family else { return (nil, "bind_family_mismatch") }
            sourceAddress = parsed
        }
        let fd = socket(family, type, 0)
        guard fd >= 0 else { return (nil, errnoName(errno)) }
        if let sourceAddress {
            let bound = SocketEndpoint(address: sourceAddress, port: 0).withSockaddr { Glibc.bind(fd, $0, $1) }
            if bound != 0 {
                let failure = "bind_" + errnoName(errno)
                close(fd)
                return (nil, failure)
            }
        }
        return (fd, nil)
    }

    /// The names OONI uses for the errors a measurement meets.
    static func errnoName(_ code: Int32) -> String {
        switch code {
        case ECONNREFUSED: "connection_refused"
        case ECONNRESET: "connection_reset"
        case ETIMEDOUT, EAGAIN, EINPROGRESS: "generic_timeout_error"
        case ENETUNREACH: "network_unreachable"
        case EHOSTUNREACH: "host_unreachable"
        case EADDRNOTAVAIL: "address_not_available"
        case EACCES, EPERM: "permission_denied"
        default: "errno_\(code)"
        }
    }
}
