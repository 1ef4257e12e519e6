import Foundation
import NIOCore

extension GuardProxy {
    /// One tool connection: read and check its request, then tunnel or forward it.
    func serve(_ client: Connection) async {
        let deadline = ContinuousClock.now.advanced(by: limits.totalTime)
        let clientChannel = client.channel
        try? await client.executeThenClose { inbound, outbound in
            var reader = ProxyByteReader(inbound)
            let headBytes: [UInt8]?
            do {
                headBytes = try await Self.within(limits.headTimeout, orClose: clientChannel) {
                    try await reader.readHead(limit: limits.maximumHeadBytes)
                }
            } catch let error as ProxyRequestError {
                await Self.answer(outbound, clientChannel, error.status, error.message)
                return
            } catch {
                return
            }
            guard let headBytes else { return }
            let request: ProxyRequest
            switch ProxyRequest.read(headBytes) {
            case .success(let read): request = read
            case .failure(.request(let error)):
                await Self.answer(outbound, clientChannel, error.status, error.message)
                return
            case .failure(.refused(let refusal)):
                record(refusal)
                await Self.answer(outbound, clientChannel, "403 Forbidden", "refused by the guard proxy: \(refusal.reason)")
                return
            }
            let address: IPAddress
            switch await checked(request.destination) {
            case .allowed(let allowed): address = allowed
            case .refused(let reason, let refusedAddress):
                let destination = request.destination
                record(ProxyRefusal(host: destination.host, port: destination.port, url: destination.url,
                                    address: refusedAddress, reason: reason))
                await Self.answer(outbound, clientChannel, "403 Forbidden", "refused by the guard proxy: \(reason)")
                return
            case .unreachable(let message):
                await Self.answer(outbound, clientChannel, "502 Bad Gateway", message)
                return
            }
            guard let upstream = await open(request.destination, address: address) else {
                await Self.answer(outbound, clientChannel, "502 Bad Gateway",
                                  "could not connect to \(request.destination.host) (\(address))")
                return
            }
            defer { connections.forget(upstream.channel) }
            try? await upstream.executeThenClose { upstreamInbound, upstreamOutbound in
                var upstreamReader = ProxyByteReader(upstreamInbound)
                do {
                    try await Self.within(fetcher.configuration.connectTimeout, orClose: upstream.channel) {
                        try await ProxyUpstream.handshake(
                            &upstreamReader, upstreamOutbound, address: address, port: request.destination.port,
                            via: fetcher.configuration.proxy)
                    }
                } catch {
                    await Self.answer(outbound, clientChannel, "502 Bad Gateway", "\(error)")
                    return
                }
                let mode: ProxyRelay.Mode
                switch request.kind {
                case .tunnel:
                    mode = .tunnel
                    do {
                        try await outbound.write(ByteBuffer(string: "HTTP/1.1 200 Connection established\r\n\r\n"))
                    } catch { return }
                case .forward(let head, let bodyLength):
                    mode = .request(bodyLength: bodyLength, responseHeadLimit: limits.maximumHeadBytes * 4)
                    do { try await upstreamOutbound.write(ByteBuffer(bytes: head)) } catch { return }
                }
                let relay = ProxyRelay(mode: mode, idleTimeout: limits.idleTimeout, deadline: deadline)
                await relay.run(
                    client: .init(reader: reader, writer: outbound, channel: clientChannel),
                    upstream: .init(reader: upstreamReader, writer: upstreamOutbound, channel: upstream.channel))
            }
        }
    }

    /// The guard's verdict, plus one rule of the proxy's own: with loopback allowed (tests, development)
    /// a tool could otherwise ask the proxy to connect to itself, and each such request would open another.
    private func checked(_ destination: ProxyDestination) async -> ProxyDestination.Verdict {
        let verdict = await destination.check(
            resolver: fetcher.resolver, guard: fetcher.addressGuard, ports: limits.ports)
        if case .allowed(let address) = verdict, destination.port == port,
            AddressGuard.refusalReason(address) == "loopback"
        {
            return .refused(reason: "address refused: the guard proxy itself", address: address.description)
        }
        return verdict
    }

    /// Connects to the checked address inside the fetcher's per-host politeness. The slot is given back
    /// as soon as the connection is open: politeness spaces the *openings* per host. A tunnel is not
    /// one request — Chromium keeps it open and idle for minutes and sends many requests through it
    /// (HTTP/2 multiplexes them), while it opens several tunnels to one host at once — so holding a slot
    /// for a tunnel's life would starve the fetcher's own requests to that host and, with the
    /// fetcher's two slots per host, stall the browser's third connection until the first closes.
    private func open(_ destination: ProxyDestination, address: IPAddress) async -> Connection? {
        // A handler whose lookup outlived `stop()` opens nothing.
        guard !connections.isStopped else { return nil }
        let politeness = fetcher.politeness
        let start = await politeness.acquire(host: destination.host)
        try? await Task.sleep(until: start, clock: .continuous)
        let connection = try? await ProxyUpstream.open(
            address: address, port: destination.port, via: fetcher.configuration.proxy,
            timeout: fetcher.configuration.connectTimeout)
        await politeness.release(host: destination.host)
        guard let connection else { return nil }
        guard connections.track(upstream: connection.channel) else {
            try? await connection.channel.close()
            return nil
        }
        return connection
    }

    /// Runs `body`, closing `channel` if it takes longer than `limit` (which makes a read in `body` end).
    static func within<T>(
        _ limit: Duration, orClose channel: any Channel, _ body: () async throws -> T
    ) async throws -> T {
        let timer = Task {
            try await Task.sleep(for: limit)
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        return try await body()
    }
}

/// A request head read and sorted: where it goes and what to do there, or why not.
struct ProxyRequest: Sendable {
    enum Kind: Sendable {
        case tunnel
        /// The origin-form head to send upstream and the body length that follows it.
        case forward(head: [UInt8], bodyLength: Int)
    }

    enum Problem: Error {
        case request(ProxyRequestError)
        case refused(ProxyRefusal)
    }

    var destination: ProxyDestination
    var kind: Kind

    static func read(_ bytes: [UInt8]) -> Result<ProxyRequest, Problem> {
        let head: ProxyRequestHead
        switch ProxyRequestHead.parse(bytes) {
        case .success(let parsed): head = parsed
        case .failure(let error): return .failure(.request(error))
        }
        if head.method == "CONNECT" {
            guard let authority = ProxyRequestHead.parseAuthority(head.target) else {
                return .failure(.request(.malformed("CONNECT target is not host:port")))
            }
            return .success(
                ProxyRequest(destination: ProxyDestination(host: authority.host, port: authority.port), kind: .tunnel))
        }
        guard !head.target.hasPrefix("/"), head.target != "*" else {
            return .failure(.request(.malformed("not a proxy request (origin form); send an absolute URL or CONNECT")))
        }
        // A scheme other than http is a tool asking for something the proxy does not carry (https goes
        // through CONNECT); it is refused and kept, since a page's script may be behind it.
        let components = URLComponents(string: head.target)
        let scheme = components?.scheme?.lowercased() ?? ""
        let host = components?.host ?? ""
        func refused(_ reason: String) -> Result<ProxyRequest, Problem> {
            let port = components?.port ?? (scheme == "https" ? 443 : 80)
            return .failure(.refused(ProxyRefusal(host: host, port: port, url: head.target, reason: reason)))
        }
        guard scheme == "http" else {
            return refused(scheme == "https" ? "https requested in absolute form (CONNECT expected)"
                           : "unsupported scheme: \(scheme.prefix(40))")
        }
        let target: Target
        switch Target.parse(head.target) {
        case .success(let parsed): target = parsed
        case .failure(.credentialsInURL): return refused("URL carries credentials")
        case .failure: return .failure(.request(.malformed("invalid absolute URL")))
        }
        let bodyLength: Int
        switch head.bodyLength() {
        case .success(let length): bodyLength = length
        case .failure(let error): return .failure(.request(error))
        }
        let forwarded = head.originForm(requestTarget: target.requestTarget, hostHeader: target.hostHeader)
        return .success(
            ProxyRequest(
                destination: ProxyDestination(host: target.host.lowercased(), port: target.port, url: target.url),
                kind: .forward(head: forwarded, bodyLength: bodyLength)))
    }
}
