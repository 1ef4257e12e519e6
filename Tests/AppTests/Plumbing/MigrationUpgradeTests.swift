import Fluent
import FluentPostgresDriver
import Foundation
import PostgresNIO
import SQLKit
import Testing
import Vapor

@testable import App

/// A database made by the previous release, upgraded by this one, must end with the same schema as
/// a database made fresh: the same tables, columns, indexes, constraints and triggers, and the same
/// migrations recorded. The previous release's database is kept as a fixture (`Fixtures/schema/`:
/// an empty migrated SQLite file and a `pg_dump --inserts` of an empty migrated PostgreSQL database).
@Suite(.serialized)
struct MigrationUpgradeTests {
    static let release = "release-17"

    static var fixtureDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/schema")
    }

    @Test func anUpgradedDatabaseHasTheSchemaOfAFreshOne() async throws {
        let fresh = try await Self.schema { _ in }
        let upgraded = try await Self.schema { target in try await Self.loadPreviousRelease(into: target) }
        #expect(!fresh.isEmpty)
        let onlyFresh = fresh.subtracting(upgraded).sorted()
        let onlyUpgraded = upgraded.subtracting(fresh).sorted()
        #expect(onlyFresh.isEmpty, "only in the fresh database: \(onlyFresh.prefix(20))")
        #expect(onlyUpgraded.isEmpty, "only in the upgraded database: \(onlyUpgraded.prefix(20))")
    }

    /// The previous release ran the list's first migrations: the same names, none renamed or moved
    /// behind a newer one, so an upgraded database runs exactly the rest, in the list's order.
    @Test func thePreviousReleaseRanAPrefixOfTheList() async throws {
        let recorded = try await Self.recordedMigrations { target in try await Self.loadPreviousRelease(into: target) }
        let names = Migrations.all.map(\.name)
        #expect(Set(names).count == names.count, "two migrations share a name")
        #expect(recorded.count <= names.count)
        #expect(Set(names.prefix(recorded.count)) == recorded,
                "the previous release's migrations are not the list's first \(recorded.count)")
    }

    // MARK: - helpers

    /// Where a test database lives: a data folder, and on PostgreSQL a database of its own.
    struct Target {
        var directory: URL
        var postgresURL: String?
    }

    static func loadPreviousRelease(into target: Target) async throws {
        if let url = target.postgresURL {
            let dump = try String(contentsOf: fixtureDirectory.appendingPathComponent("\(release).postgres.sql"),
                                  encoding: .utf8)
            try await runScript(dump, url: url)
        } else {
            try FileManager.default.copyItem(at: fixtureDirectory.appendingPathComponent("\(release).sqlite"),
                                             to: target.directory.appendingPathComponent("kaiguul.sqlite"))
        }
    }

    /// Runs a `pg_dump` script statement by statement on one connection of a short-lived application:
    /// the dump empties `search_path`, which must not leak into a pooled connection of the test's own.
    static func runScript(_ script: String, url: String) async throws {
        let app = try await Application.make(.testing)
        do {
            try app.databases.use(.postgres(url: url), as: .psql)
            guard let db = app.db as? any PostgresDatabase else { throw TestFailure("not PostgreSQL") }
            let statements = statements(ofDump: script)
            let logger = app.logger
            try await db.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    for statement in statements {
                        _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                }
            }.get()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// A dump's statements: lines up to one ending in `;`, except inside a dollar-quoted function body.
    static func statements(ofDump script: String) -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        var inBody = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if current.isEmpty && (line.hasPrefix("--") || line.hasPrefix("\\") || line.isEmpty) { continue }
            current.append(line)
            let quotes = line.components(separatedBy: "$$").count - 1 + line.components(separatedBy: "$_$").count - 1
            if quotes % 2 == 1 { inBody.toggle() }
            if !inBody && line.hasSuffix(";") {
                statements.append(current.joined(separator: "\n"))
                current = []
            }
        }
        return statements
    }

    /// Prepares a target, migrates it with this release, and describes its schema as a set of lines.
    static func schema(prepare: (Target) async throws -> Void) async throws -> Set<String> {
        try await withMigrated(prepare: prepare) { db, isPostgres in
            var lines = Set<String>()
            let queries: [String]
            if isPostgres {
                queries = [
                    """
                    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                        || ' ' || COALESCE(column_default, '') AS line
                    FROM information_schema.columns WHERE table_schema = 'public'
                    """,
                    "SELECT 'index ' || indexname || ' ' || indexdef AS line FROM pg_indexes WHERE schemaname = 'public'",
                    """
                    SELECT 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' '
                        || pg_get_constraintdef(c.oid) AS line
                    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'
                    """,
                    """
                    SELECT 'trigger ' || t.tgrelid::regclass::text || ' ' || pg_get_triggerdef(t.oid) AS line
                    FROM pg_trigger t WHERE NOT t.tgisinternal
                    """,
                    """
                    SELECT 'function ' || p.proname || ' ' || md5(p.prosrc) AS line
                    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
                    """,
                    "SELECT 'migration ' || name AS line FROM _fluent_migrations",
                ]
            } else {
                queries = [
                    """
                    SELECT type || ' ' || name || ' ' || tbl_name || ' ' || COALESCE(sql, '') AS line
                    FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'
                    """,
                    "SELECT 'migration ' || name AS line FROM _fluent_migrations",
                ]
            }
            for query in queries {
                for row in try await db.raw(SQLQueryString(query)).all() {
                    lines.insert(try row.decode(column: "line", as: String.self))
                }
            }
            return lines
        }
    }

    static func recordedMigrations(prepare: (Target) async throws -> Void) async throws -> Set<String> {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try await withDatabase(directory: dir) { target in
            try await prepare(target)
            let app = try await Application.make(.testing)
            do {
                try await configure(app, config: config(target))
                guard let db = app.db as? any SQLDatabase else { throw TestFailure("not SQL") }
                let rows = try await db.raw("SELECT name FROM _fluent_migrations").all()
                let names = Set(try rows.map { try $0.decode(column: "name", as: String.self) })
                try await app.asyncShutdown()
                return names
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }
    }

    static func withMigrated<T>(prepare: (Target) async throws -> Void,
                                _ body: (any SQLDatabase, Bool) async throws -> T) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-upgrade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try await withDatabase(directory: dir) { target in
            try await prepare(target)
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            do {
                try await configure(app, config: config(target))
                try await app.autoMigrate()
                guard let db = app.db as? any SQLDatabase else { throw TestFailure("not SQL") }
                let result = try await body(db, target.postgresURL != nil)
                try await app.asyncShutdown()
                return result
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }
    }

    static func config(_ target: Target) -> AppConfig {
        AppConfig(dataDirectory: target.directory, databaseURL: target.postgresURL, bcryptCost: 4,
                  secureCookies: false, uploadLimitBytes: 1_048_576, sessionLifetime: 3600)
    }

    /// A PostgreSQL database of its own for the body when the suite runs on PostgreSQL, dropped after.
    static func withDatabase<T>(directory: URL, _ body: (Target) async throws -> T) async throws -> T {
        guard let base = TestBackend.postgresURL else {
            return try await body(Target(directory: directory, postgresURL: nil))
        }
        let name = "kaiguul_upgrade_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        try await PostgresAdmin.run(base: base, sql: "CREATE DATABASE \(name)")
        do {
            let result = try await body(Target(directory: directory, postgresURL: PostgresAdmin.url(base, database: String(name))))
            try await PostgresAdmin.run(base: base, sql: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            return result
        } catch {
            try? await PostgresAdmin.run(base: base, sql: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
    }
}
