import LoopbackHTTP
import NIOSSL

@testable import Monitor

extension LoopbackServer {
    /// A server and a fetcher for one test, both shut down afterwards whatever happens.
    static func withFetcher(
        configuration: FetcherConfiguration, resolver: any HostResolver, tls: NIOSSLContext? = nil,
        _ route: @escaping @Sendable (SeenRequest) -> Reply, _ body: (LoopbackServer, Fetcher) async throws -> Void
    ) async throws {
        let server = try await start(tls: tls, route)
        let fetcher = Fetcher(configuration: configuration, resolver: resolver)
        do {
            try await body(server, fetcher)
        } catch {
            await fetcher.shutdown()
            await server.stop()
            throw error
        }
        await fetcher.shutdown()
        await server.stop()
    }
}
