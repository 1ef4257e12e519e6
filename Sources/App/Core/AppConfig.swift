import Foundation
import Vapor

/// Settings read once from the environment at start. Every command works on the `data/` folder of
/// the current directory unless `KAIGUUL_DATA_DIR` says otherwise.
struct AppConfig: Sendable {
    var dataDirectory: URL
    var databaseURL: String?
    var bcryptCost: Int
    var secureCookies: Bool
    var uploadLimitBytes: Int
    var sessionLifetime: TimeInterval
    /// PostgreSQL connections per event loop (one event loop per core), and how long a request
    /// waits for one. The driver's defaults (one, ten seconds) queued a burst of twelve audited
    /// writes past the timeout on a loaded two-core machine.
    var databaseConnectionsPerLoop = 4
    var databaseConnectionWaitSeconds: Int64 = 30
    /// The address people reach the server at (`KAIGUUL_PUBLIC_URL`); https turns on HSTS.
    var publicURL = ""
    /// Whether `X-Forwarded-For` counts, and from which proxies (`KAIGUUL_TRUST_PROXY`, `KAIGUUL_TRUSTED_PROXIES`).
    var proxyTrust = ProxyTrust.off
    /// The transparency report is readable without signing in (`KAIGUUL_TRANSPARENCY_PUBLIC=1`): the
    /// ministry decides when it is published; it never holds evidence content or personal data.
    var transparencyPublic = false

    static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> AppConfig {
        let dir = env["KAIGUUL_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "data"
        let url = URL(fileURLWithPath: dir, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
        let cost = env["KAIGUUL_BCRYPT_COST"].flatMap(Int.init).map { min(max($0, 4), 16) } ?? 12
        let publicURL = env["KAIGUUL_PUBLIC_URL"] ?? ""
        let secure = env["KAIGUUL_SECURE_COOKIES"].map { $0 == "1" || $0 == "true" } ?? publicURL.hasPrefix("https://")
        let upload = env["KAIGUUL_UPLOAD_LIMIT_MB"].flatMap(Int.init).map { $0 * 1_048_576 } ?? 50 * 1_048_576
        var config = AppConfig(
            dataDirectory: url,
            databaseURL: env["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            bcryptCost: cost,
            secureCookies: secure,
            uploadLimitBytes: upload,
            sessionLifetime: 12 * 3600
        )
        config.publicURL = publicURL
        config.transparencyPublic = ["1", "true", "yes"].contains(env["KAIGUUL_TRANSPARENCY_PUBLIC"] ?? "")
        if let n = env["KAIGUUL_DB_CONNECTIONS_PER_CORE"].flatMap(Int.init) {
            config.databaseConnectionsPerLoop = min(max(n, 1), 64)
        }
        if let s = env["KAIGUUL_DB_CONNECTION_WAIT_SECONDS"].flatMap(Int64.init) {
            config.databaseConnectionWaitSeconds = min(max(s, 1), 600)
        }
        config.proxyTrust = ProxyTrust.from(trustProxy: env["KAIGUUL_TRUST_PROXY"],
                                            trustedProxies: env["KAIGUUL_TRUSTED_PROXIES"])
        return config
    }

    var sqlitePath: URL { dataDirectory.appendingPathComponent("kaiguul.sqlite") }
    var blobDirectory: URL { dataDirectory.appendingPathComponent("blobs") }
}

struct AppConfigKey: StorageKey {
    typealias Value = AppConfig
}

extension Application {
    var kaiguul: AppConfig {
        get {
            guard let config = storage[AppConfigKey.self] else {
                fatalError("AppConfig not set: call configure(_:) first")
            }
            return config
        }
        set { storage[AppConfigKey.self] = newValue }
    }
}

extension Request {
    var kaiguul: AppConfig { application.kaiguul }
}
