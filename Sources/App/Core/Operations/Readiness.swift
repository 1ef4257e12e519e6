import Fluent
import Foundation
import SQLKit
import Vapor

/// Whether this process can do its work now, for a load balancer or an orchestrator: the database
/// answers, every migration this binary knows has run there, the data folder has room for
/// captures, and the audit signing key is where the process loaded it from.
struct ReadinessReport: Content {
    struct Check: Content, Equatable {
        var ok: Bool
        var detail: String
    }

    struct Checks: Content {
        var database: Check
        var migrations: Check
        var disk: Check
        var auditKey: Check

        enum CodingKeys: String, CodingKey {
            case database, migrations, disk, auditKey = "audit_key"
        }

        var all: [Check] { [database, migrations, disk, auditKey] }
    }

    var status: String
    var checks: Checks

    var ready: Bool { checks.all.allSatisfy(\.ok) }
}

enum Readiness {
    /// A readiness probe must answer while the database does not; the pool would wait its full
    /// connection timeout (30 s) for a server that is gone.
    static let databaseDeadlineSeconds: Int64 = 5
    /// Named migrations missing from the database are listed up to this many.
    static let listedMissing = 5

    static func check(_ app: Application, on db: any Database, env: [String: String] = ProcessInfo.processInfo.environment)
        async -> ReadinessReport
    {
        let (database, migrations) = await databaseChecks(db, eventLoop: app.eventLoopGroup.any(), logger: app.logger)
        let checks = ReadinessReport.Checks(
            database: database, migrations: migrations,
            disk: diskCheck(app.kaiguul.dataDirectory.path, minimumMB: app.operations.readyMinFreeMB),
            auditKey: auditKeyCheck(app, env: env))
        return ReadinessReport(status: checks.all.allSatisfy(\.ok) ? "ready" : "not_ready", checks: checks)
    }

    /// Every migration of `Migrations.all` must be in `_fluent_migrations`: a binary newer than its
    /// database would query columns that are not there yet.
    static func migrationsCheck(applied: Set<String>) -> ReadinessReport.Check {
        let missing = Migrations.all.map(\.name).filter { !applied.contains($0) }
        guard !missing.isEmpty else { return .init(ok: true, detail: "\(Migrations.all.count) applied") }
        let named = missing.prefix(listedMissing).joined(separator: ", ")
        let more = missing.count > listedMissing ? " and \(missing.count - listedMissing) more" : ""
        return .init(ok: false, detail: "\(missing.count) not applied (run kaiguul migrate): \(named)\(more)")
    }

    static func diskCheck(_ path: String, minimumMB: Int) -> ReadinessReport.Check {
        guard let available = DiskSpace.available(at: path) else {
            return .init(ok: false, detail: "the data folder cannot be examined")
        }
        let freeMB = available / 1_048_576
        let ok = freeMB >= UInt64(max(minimumMB, 0))
        return .init(ok: ok, detail: "\(freeMB) MB free, at least \(minimumMB) MB wanted")
    }

    /// The key file must still be there, readable, and the key the process signs checkpoints with:
    /// a volume that came unmounted, or a key replaced behind the process's back, is found here
    /// rather than at the next checkpoint.
    static func auditKeyCheck(_ app: Application, env: [String: String]) -> ReadinessReport.Check {
        let file = KeyStore.Locations.from(dataDirectory: app.kaiguul.dataDirectory, env: env).auditKey
        guard FileManager.default.fileExists(atPath: file.path) else { return .init(ok: false, detail: "missing") }
        guard let pem = try? String(contentsOf: file, encoding: .utf8),
              let key = try? Ed25519DER.privateKey(pem: pem)
        else { return .init(ok: false, detail: "unreadable") }
        guard key.publicKey.rawRepresentation == app.signingKeys.audit.publicKey.rawRepresentation else {
            return .init(ok: false, detail: "not the key this process signs with (restart it)")
        }
        return .init(ok: true, detail: "present")
    }

    /// The database and migrations checks, within `databaseDeadlineSeconds` together.
    private static func databaseChecks(_ db: any Database, eventLoop: any EventLoop, logger: Logger) async
        -> (database: ReadinessReport.Check, migrations: ReadinessReport.Check)
    {
        typealias Pair = (database: ReadinessReport.Check, migrations: ReadinessReport.Check)
        let notChecked = ReadinessReport.Check(ok: false, detail: "not checked: the database did not answer")
        guard let sql = db as? any SQLDatabase else { return (.init(ok: false, detail: "not an SQL database"), notChecked) }
        let promise = eventLoop.makePromise(of: Pair.self)
        // Whichever finishes first completes the promise; NIO ignores the second completion.
        let seconds = databaseDeadlineSeconds
        let timer = eventLoop.scheduleTask(in: .seconds(seconds)) {
            promise.succeed((.init(ok: false, detail: "no answer within \(seconds) s"), notChecked))
        }
        Task {
            defer { timer.cancel() }
            do {
                _ = try await sql.raw("SELECT 1 AS one").all()
            } catch {
                // The driver's message may name hosts and users, and the probe's answer is public: the
                // log has it, the answer does not.
                logger.warning("readiness: database check failed: \(String(describing: error).prefix(500))")
                promise.succeed((.init(ok: false, detail: "unreachable"), notChecked))
                return
            }
            let answers = ReadinessReport.Check(ok: true, detail: "answers")
            do {
                let rows = try await sql.raw("SELECT name FROM _fluent_migrations").all()
                let names = Set(try rows.map { try $0.decode(column: "name", as: String.self) })
                promise.succeed((answers, migrationsCheck(applied: names)))
            } catch {
                promise.succeed((answers, .init(ok: false, detail: "no migrations table (run kaiguul migrate)")))
            }
        }
        return (try? await promise.futureResult.get()) ?? (.init(ok: false, detail: "no answer"), notChecked)
    }
}

