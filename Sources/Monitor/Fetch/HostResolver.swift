import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns a host name into addresses. A protocol so tests can make a name resolve anywhere.
public protocol HostResolver: Sendable {
    func resolve(host: String, port: Int) async throws(FetchFailure) -> [IPAddress]
}

/// The C library's `getaddrinfo`, run off the concurrency pool because it blocks.
public struct SystemResolver: HostResolver {
    public init() {}

    public func resolve(host: String, port: Int) async throws(FetchFailure) -> [IPAddress] {
        let result: Result<[IPAddress], FetchFailure> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Self.lookup(host: host, port: port))
            }
        }
        return try result.get()
    }

    static func lookup(host: String, port: Int) -> Result<[IPAddress], FetchFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            let message = String(cString: gai_strerror(status))
            return .failure(.resolutionFailed(host: host, message: message))
        }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let socketAddress = entry.pointee.ai_addr {
                switch entry.pointee.ai_family {
                case AF_INET:
                    let address = socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                        $0.pointee.sin_addr
                    }
                    if let ip = withUnsafeBytes(of: address, { IPAddress(bytes: Array($0)) }) { addresses.append(ip) }
                case AF_INET6:
                    let address = socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                        $0.pointee.sin6_addr
                    }
                    if let ip = withUnsafeBytes(of: address, { IPAddress(bytes: Array($0)) }) { addresses.append(ip) }
                default:
                    break
                }
            }
            cursor = entry.pointee.ai_next
        }
        var seen = Set<IPAddress>()
        let unique = addresses.filter { seen.insert($0).inserted }
        return unique.isEmpty ? .failure(.resolutionFailed(host: host, message: "no addresses")) : .success(unique)
    }
}
