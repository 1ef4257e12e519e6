import Fluent
import FluentPostgresDriver
import Foundation
import Testing
import Vapor
import SQLKit
import KaiguulCore
import VaporTesting

@testable import App

/// Which database the App tests run on: SQLite in a temporary folder by default, PostgreSQL when
/// `KAIGUUL_TEST_POSTGRES_URL` names a server (each test then gets a database of its own).
enum TestBackend {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["KAIGUUL_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Makes an application on a fresh migrated database, runs the test, and shuts everything down
/// explicitly (Swift Testing otherwise trips over unfinished shutdowns).
func withApp(_ test: (Application) async throws -> Void) async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }

    var databaseURL: String?
    var dropDatabase: (() async throws -> Void)?
    if let base = TestBackend.postgresURL {
        let name = "kaiguul_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await PostgresAdmin.run(base: base, sql: "CREATE DATABASE \(name)")
        databaseURL = PostgresAdmin.url(base, database: String(name))
        dropDatabase = { try await PostgresAdmin.run(base: base, sql: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    let app = try await Application.make(.testing)
    // Migration and request logs for every test drown the results; warnings and errors stay.
    app.logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    do {
        let config = AppConfig(dataDirectory: dir, databaseURL: databaseURL, bcryptCost: 4, secureCookies: false,
                               uploadLimitBytes: 5 * 1_048_576, sessionLifetime: 3600)
        try await configure(app, config: config)
        try await app.autoMigrate()
        try await test(app)
    } catch {
        try? await app.asyncShutdown()
        try? await dropDatabase?()
        throw error
    }
    try await app.asyncShutdown()
    try await dropDatabase?()
}

enum PostgresAdmin {
    static func url(_ base: String, database: String) -> String {
        guard var c = URLComponents(string: base) else { return base }
        c.path = "/" + database
        return c.string ?? base
    }

    /// Runs one statement on the server's maintenance database through a short-lived app.
    static func run(base: String, sql: String) async throws {
        let app = try await Application.make(.testing)
        do {
            try app.databases.use(.postgres(url: base), as: .psql)
            guard let db = app.db as? any SQLDatabase else { throw TestFailure("not SQL") }
            try await db.raw(SQLQueryString(sql)).run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

extension Application {
    /// Creates a user directly, as `kaiguul user create` would. An account that then waits for a second
    /// pair of eyes (`AccountApproval`: expert, legal, a second admin) is approved the honest way, by
    /// another admin account.
    @discardableResult
    func makeUser(_ username: String, role: Role, password: String = "correct-horse-battery") async throws -> Int {
        let id = try await UserStore.create(username: username, displayName: username.capitalized, role: role,
                                            password: password, mustChange: false, actor: .commandLine, app: self).id
        if try await User.find(id, on: db)?.isAwaitingApproval == true {
            try await UserStore.approve(id, actor: try await fixtureApprover(excluding: id), app: self)
        }
        return id
    }

    /// The admin who approves the accounts tests make: the first admin there is, or one made (as the
    /// first admin, who needs nobody's approval) when there is none.
    func fixtureApprover(excluding: Int) async throws -> AuditActor {
        if let found = try await AccountApproval.activeAdmin(excluding: excluding, on: db) {
            return AuditActor(id: try found.requireID(), label: found.username)
        }
        let id = try await UserStore.create(username: "approver", displayName: "Approver", role: .admin,
                                            password: "correct-horse-battery", mustChange: false,
                                            actor: .commandLine, app: self).id
        return AuditActor(id: id, label: "approver")
    }

    func makeToken(for userID: Int) async throws -> String {
        try await TokenStore.create(userID: userID, name: "test", actor: .commandLine, app: self).token
    }
}
