import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

@testable import App

/// `/healthz` says the process answers; `/readyz` says it can work, check by check, and answers 503
/// when any check fails. (Issue 18, point 5.)
@Suite(.serialized) struct HealthAndReadinessTests {
    static func readiness(_ app: Application) async throws -> (status: HTTPResponseStatus, json: [String: Any]) {
        let page = try await Browser(app).get("/readyz")
        let json = try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any] ?? [:]
        return (page.status, json)
    }

    static func check(_ json: [String: Any], _ name: String) -> (ok: Bool, detail: String) {
        let checks = json["checks"] as? [String: Any] ?? [:]
        let one = checks[name] as? [String: Any] ?? [:]
        return (one["ok"] as? Bool ?? false, one["detail"] as? String ?? "")
    }

    @Test func healthzAnswersOkWithoutSigningIn() async throws {
        try await withApp { app in
            // MUT
            let page = try await Browser(app).get("/healthz")
            // validate
            #expect(page.status == .ok)
            #expect(page.body == "ok")
            #expect(page.headers.first(name: .contentType)?.hasPrefix("text/plain") == true)
        }
    }

    @Test func readyWhenEveryCheckPasses() async throws {
        try await withApp { app in
            // setup
            app.operations.readyMinFreeMB = 1
            // MUT
            let (status, json) = try await Self.readiness(app)
            // validate
            #expect(status == .ok)
            #expect(json["status"] as? String == "ready")
            for name in ["database", "migrations", "disk", "audit_key"] {
                #expect(Self.check(json, name).ok, "\(name): \(Self.check(json, name).detail)")
            }
            #expect(Self.check(json, "migrations").detail == "\(Migrations.all.count) applied")
        }
    }

    @Test func notReadyWhenTheAuditKeyIsMissingOrReplaced() async throws {
        try await withApp { app in
            // setup
            app.operations.readyMinFreeMB = 1
            let keyFile = app.kaiguul.dataDirectory.appendingPathComponent("keys").appendingPathComponent(KeyStore.auditFile)
            #expect(FileManager.default.fileExists(atPath: keyFile.path))
            try FileManager.default.removeItem(at: keyFile)
            // MUT
            let (missingStatus, missing) = try await Self.readiness(app)
            try KeyStore.writeExclusive(keyFile, Data(KeyStore.newPrivateKeyPEM(.audit).utf8))
            let (replacedStatus, replaced) = try await Self.readiness(app)
            // validate
            #expect(missingStatus == .serviceUnavailable)
            #expect(missing["status"] as? String == "not_ready")
            #expect(Self.check(missing, "audit_key") == (false, "missing"))
            #expect(Self.check(missing, "database").ok)
            #expect(replacedStatus == .serviceUnavailable)
            #expect(Self.check(replaced, "audit_key").detail.contains("not the key this process signs with"))
        }
    }

    @Test func notReadyWhenAMigrationHasNotRun() async throws {
        try await withApp { app in
            // setup
            app.operations.readyMinFreeMB = 1
            let last = Migrations.all.last!.name
            try await (app.db as! any SQLDatabase).raw("DELETE FROM _fluent_migrations WHERE name = \(bind: last)").run()
            // MUT
            let (status, json) = try await Self.readiness(app)
            // validate
            #expect(status == .serviceUnavailable)
            let migrations = Self.check(json, "migrations")
            #expect(!migrations.ok)
            #expect(migrations.detail.contains("1 not applied"))
            #expect(migrations.detail.contains(last))
            #expect(Self.check(json, "database").ok)
        }
    }

    @Test func notReadyWhenTheDiskHasLessRoomThanTheThreshold() async throws {
        try await withApp { app in
            // setup: more free space wanted than any disk has
            app.operations.readyMinFreeMB = Int(Int32.max)
            // MUT
            let (status, json) = try await Self.readiness(app)
            app.operations.readyMinFreeMB = 0
            let (relaxedStatus, _) = try await Self.readiness(app)
            // validate
            #expect(status == .serviceUnavailable)
            #expect(!Self.check(json, "disk").ok)
            #expect(Self.check(json, "disk").detail.contains("at least \(Int32.max) MB wanted"))
            #expect(relaxedStatus == .ok)
        }
    }

    @Test func settingsComeFromTheEnvironmentAndBadOnesAreRefused() {
        let good = OperationsSettings.from([
            "KAIGUUL_METRICS_TOKEN": "a-long-enough-scrape-token", "KAIGUUL_METRICS_ALLOW": "10.0.0.0/8, ::1",
            "KAIGUUL_READY_MIN_FREE_MB": "200",
        ])
        #expect(good.problem == nil)
        #expect(good.metricsEnabled)
        #expect(good.metricsAllow.map(\.description) == ["10.0.0.0/8", "::1/128"])
        #expect(good.readyMinFreeMB == 200)
        let defaults = OperationsSettings.from([:])
        #expect(!defaults.metricsEnabled)
        #expect(defaults.readyMinFreeMB == 1024)
        #expect(OperationsSettings.from(["KAIGUUL_METRICS_ALLOW": "10.0.0.0/8,intranet"]).problem?.contains("\"intranet\"") == true)
        #expect(OperationsSettings.from(["KAIGUUL_METRICS_TOKEN": "short"]).problem?.contains("16 characters") == true)
        #expect(OperationsSettings.from(["KAIGUUL_READY_MIN_FREE_MB": "-5"]).problem != nil)
        #expect(OperationsSettings.from(["KAIGUUL_METRICS_CACHE_SECONDS": "30"]).metricsCacheSeconds == 30)
        #expect(OperationsSettings.from(["KAIGUUL_METRICS_CACHE_SECONDS": "9999"]).problem != nil)
        #expect(defaults.metricsCacheSeconds == 10)
    }
}
