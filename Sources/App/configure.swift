import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// Wires the application: database, migrations, sessions, middleware, routes and commands.
public func configure(_ app: Application) async throws {
    try await configure(app, config: AppConfig.fromEnvironment())
}

/// Tests pass their own configuration (a temporary data folder, a throwaway database).
func configure(_ app: Application, config: AppConfig) async throws {
    guard config.proxyTrust.rejected.isEmpty else {
        throw CommandFailure("KAIGUUL_TRUSTED_PROXIES: not an address or CIDR: "
                             + config.proxyTrust.rejected.map { "\"\($0.prefix(64))\"" }.joined(separator: ", "))
    }
    app.kaiguul = config
    // A probe runs on a provider's or volunteer's machine: it holds no database and no signing keys,
    // so it opens neither (nothing is created under the data folder there).
    if ProbeCommand.isProbe(app.environment.arguments) {
        app.asyncCommands.use(ProbeCommand(), as: "probe")
        return
    }
    if RestoreCommand.registerAlone(on: app, config: config) { return }

    if let url = config.databaseURL {
        try app.databases.use(
            .postgres(url: url, maxConnectionsPerEventLoop: config.databaseConnectionsPerLoop,
                      connectionPoolTimeout: .seconds(config.databaseConnectionWaitSeconds)),
            as: .psql)
    } else {
        try FileManager.default.createDirectory(at: config.dataDirectory, withIntermediateDirectories: true)
        app.storage[SQLiteFileExistedKey.self] = FileManager.default.fileExists(atPath: config.sqlitePath.path)
        // A request waits for a connection as long as on PostgreSQL (the driver's default 10 s gave up
        // under load in the full test suite).
        app.databases.use(.sqlite(.file(config.sqlitePath.path),
                                  connectionPoolTimeout: .seconds(config.databaseConnectionWaitSeconds)),
                          as: .sqlite)
        await app.useWriteAheadLog()
    }
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    try app.loadSigningKeys()
    try app.loadPersonalDataKeys()
    try app.loadTimestampAuthorities()

    Migrations.register(on: app)
    app.databases.middleware.use(CaseSearchText())

    app.sessions.use { _ in DatabaseSessions(lifetime: config.sessionLifetime) }
    app.lifecycle.use(SessionSweeper())
    app.lifecycle.use(UploadLeftoverSweeper())
    app.sessions.configuration = SessionsConfiguration(cookieName: "kaiguul_session") { id in
        HTTPCookies.Value(string: id.string, maxAge: Int(config.sessionLifetime), path: "/",
                          isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    // Forms are small; uploads raise the limit on their own routes.
    app.routes.defaultMaxBodySize = "1mb"
    app.middleware = Middlewares()
    app.middleware.use(RequestMetricsMiddleware())
    // Outermost, so a flash shown on an error page is expired too.
    app.middleware.use(FlashMiddleware())
    app.middleware.use(KaiguulErrorMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(CurrentUserMiddleware())
    app.middleware.use(CSRFMiddleware())

    app.figuresCache = FiguresCache(
        lifetime: try FiguresCache.lifetime(ProcessInfo.processInfo.environment, environment: app.environment),
        logger: app.logger)
    app.blocklistCache = BlocklistCache()
    try routes(app)
    Commands.register(on: app)
}
