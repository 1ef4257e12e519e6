import Fluent
import Foundation
import SQLKit
import Vapor

/// Counter-materials, their approval, distributions and tracked links.
enum DistributionStore {
    static func createMaterial(title: String, kind: CounterMaterialKind, languages: [String], topics: String, url: String?,
                               sha256: String? = nil, actor: AuditActor, app: Application) async throws -> Int {
        try await app.write { db in
            let m = CounterMaterial()
            m.title = title
            m.kind = kind.rawValue
            m.languages = languages.joined(separator: ",")
            m.topics = topics
            m.url = url
            m.sha256 = sha256
            m.status = CounterMaterialStatus.draft.rawValue
            m.createdBy = actor.id
            try await m.create(on: db)
            let id = try m.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "counter_material.create", objectType: "counter_material",
                                      objectID: String(id), details: ["kind": kind.rawValue, "title": title])
            return id
        }
    }

    /// Draft → approved → retired; a retired material is never distributed again.
    static func setStatus(_ id: Int, _ status: CounterMaterialStatus, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let m = try await CounterMaterial.find(id, on: db) else { throw AppError.notFound }
            let from = CounterMaterialStatus(rawValue: m.status) ?? .draft
            let allowed: Bool = switch (from, status) {
            case (.draft, .approved), (.approved, .retired), (.draft, .retired): true
            default: false
            }
            guard allowed else { throw AppError(status: .conflict, message: "material.bad_transition", field: "status") }
            m.status = status.rawValue
            try await m.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "counter_material.status", objectType: "counter_material",
                                      objectID: String(id), details: ["from": from.rawValue, "to": status.rawValue])
        }
    }

    static func newCode() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Records that an approved material went to a group on a date, with a fresh short link.
    static func distribute(materialID: Int, groupID: Int?, channel: String?, on date: String, actor: AuditActor,
                           app: Application) async throws -> (id: Int, code: String) {
        try await app.write { db in
            guard let m = try await CounterMaterial.find(materialID, on: db) else {
                throw AppError.invalid("material_id", "error.unknown_value")
            }
            guard m.status == CounterMaterialStatus.approved.rawValue else {
                throw AppError(status: .conflict, message: "material.not_approved", field: "material_id")
            }
            if let groupID, try await VolunteerGroup.find(groupID, on: db) == nil {
                throw AppError.invalid("group_id", "error.unknown_value")
            }
            let d = Distribution()
            d.$material.id = materialID
            d.$group.id = groupID
            d.channel = channel
            d.distributedOn = date
            d.recordedBy = actor.id
            d.code = newCode()
            try await d.create(on: db)
            let id = try d.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "distribution.create", objectType: "distribution",
                                      objectID: String(id), details: ["material_id": String(materialID),
                                                                      "group_id": groupID.map(String.init) ?? ""])
            return (id, d.code)
        }
    }

    /// Counts a click for today. No address, cookie or user agent is kept: only the day's total.
    static func recordClick(code: String, on db: any Database, today: String) async throws -> Distribution? {
        guard code.count <= 16, code.allSatisfy({ $0.isLetter || $0.isNumber }),
              let d = try await Distribution.query(on: db).filter(\.$code == code).with(\.$material).first(),
              d.material.status != CounterMaterialStatus.retired.rawValue,
              let sql = db as? any SQLDatabase
        else { return nil }
        try await sql.raw("""
            INSERT INTO link_clicks (distribution_id, day, count) VALUES (\(bind: d.id ?? 0), \(bind: today), 1)
            ON CONFLICT (distribution_id, day) DO UPDATE SET count = link_clicks.count + 1
            """).run()
        return d
    }

    /// A volunteer says "I shared it" — once per person per distribution.
    static func confirm(distributionID: Int, userID: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let d = try await Distribution.find(distributionID, on: db) else { throw AppError.notFound }
            guard let sql = db as? any SQLDatabase else { return }
            struct Row: Decodable { var n: Int }
            let existing = try await sql.raw("""
                SELECT COUNT(*) AS n FROM distribution_confirmations WHERE distribution_id = \(bind: distributionID)
                AND user_id = \(bind: userID)
                """).first(decoding: Row.self)?.n ?? 0
            if existing > 0 { return }
            try await sql.raw("""
                INSERT INTO distribution_confirmations (distribution_id, user_id, confirmed_at)
                VALUES (\(bind: distributionID), \(bind: userID), \(bind: Date()))
                """).run()
            if d.confirmedAt == nil {
                d.confirmedAt = Date()
                try await d.update(on: db)
            }
            try await AuditLog.append(on: db, actor: actor, action: "distribution.confirm", objectType: "distribution",
                                      objectID: String(distributionID))
        }
    }
}
