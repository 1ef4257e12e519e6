import Foundation
import LoopbackHTTP
import Synchronization

/// The loopback server as the monitoring tests use it: routes by path, a script that can change
/// between two checks, and a map of crawled platform URLs onto itself.
final class SiteServer: Sendable {
    typealias Reply = LoopbackServer.Reply
    typealias Route = @Sendable (String) -> Reply

    private let server: LoopbackServer
    private let routes: Routes

    var port: Int { server.port }
    var requests: [String] { server.requests.map(\.path) }

    private init(server: LoopbackServer, routes: Routes) {
        self.server = server
        self.routes = routes
    }

    static func start(_ route: @escaping Route) async throws -> SiteServer {
        let routes = Routes(route)
        let server = try await LoopbackServer.start { request in routes.current(request.path) }
        return SiteServer(server: server, routes: routes)
    }

    /// Replaces the script (a site that changed between two checks).
    func setRoute(_ route: @escaping Route) { routes.script.withLock { $0 = route } }

    func url(_ path: String) -> String { server.url(path) }

    /// Where a crawled absolute URL is fetched from in the tests: `https://t.me/s/x` → `/ext/t.me/s/x`.
    var locate: @Sendable (String) -> String {
        let base = url("/ext/")
        let own = url("")
        return { url in
            if url.hasPrefix(own) { return url }
            for scheme in ["https://", "http://"] where url.hasPrefix(scheme) { return base + url.dropFirst(scheme.count) }
            return url
        }
    }

    func stop() async { await server.stop() }

    /// The script, shared by the server's handler and `setRoute`.
    private final class Routes: Sendable {
        let script: Mutex<Route>
        init(_ route: @escaping Route) { script = Mutex(route) }
        func current(_ path: String) -> Reply { script.withLock { $0 }(path) }
    }
}

/// `../shared/fixtures` beside the repository, found from this file's path.
enum MonitoringFixtures {
    static let root: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
        for _ in 0..<6 {
            directory = directory.deletingLastPathComponent()
            let candidate = directory.appendingPathComponent("../shared/fixtures").standardizedFileURL
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    static func bytes(_ path: String) throws -> [UInt8] {
        guard let root else { throw TestFailure("fixtures not found") }
        return Array(try Data(contentsOf: root.appendingPathComponent(path)))
    }
}
