import Fluent
import Vapor
import Foundation
import SQLKit

/// The list of volunteers with their contacts leaves Kaiguul only with two people's say: the one who
/// needs it (with a reason) and an admin who is not that person. It is then downloaded once, by the
/// one who asked, within `VolunteerExport.downloadWindow` of the approval. Every step is audited.
enum VolunteerListExport {
    static func request(reason raw: String, actor: AuditActor, app: Application, now: Date = Date()) async throws -> Int {
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw AppError.invalid("reason", "personal_data.error.reason_required") }
        guard reason.count <= VolunteerExport.maxReason else {
            throw AppError.invalid("reason", "personal_data.error.too_long", ["max": String(VolunteerExport.maxReason)])
        }
        // A list with contacts is asked for by a person, whom the download is tied to.
        guard let requester = actor.id else { throw AppError.forbidden }
        return try await app.write { db in
            let e = VolunteerExport()
            e.requestedBy = requester
            e.requestedAt = now
            e.reason = reason
            e.state = VolunteerExport.State.pending.rawValue
            try await e.create(on: db)
            let id = try e.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "volunteer_export.request", objectType: "volunteer_export",
                                      objectID: String(id), details: ["reason": reason])
            return id
        }
    }

    /// `approve` false declines. The person who asked cannot decide their own request.
    static func decide(_ id: Int, approve: Bool, actor: AuditActor, app: Application, now: Date = Date()) async throws {
        try await app.write { db in
            guard let e = try await VolunteerExport.find(id, on: db) else { throw AppError.notFound }
            guard e.requestedBy != actor.id else {
                throw AppError(status: .forbidden, message: "personal_data.error.own_export")
            }
            guard e.state == VolunteerExport.State.pending.rawValue else {
                throw AppError(status: .conflict, message: "personal_data.error.decided")
            }
            e.state = (approve ? VolunteerExport.State.approved : .declined).rawValue
            e.decidedBy = actor.id
            e.decidedAt = now
            try await e.update(on: db)
            try await AuditLog.append(on: db, actor: actor,
                                      action: approve ? "volunteer_export.approve" : "volunteer_export.decline",
                                      objectType: "volunteer_export", objectID: String(id),
                                      details: ["user_id": String(e.requestedBy)])
        }
    }

    /// The CSV, for its requester, once. The request is marked downloaded in the same transaction that
    /// reads the volunteers, with a conditional update, so two clicks at once give one file.
    static func download(_ id: Int, actor: AuditActor, app: Application, t: Translator,
                         now: Date = Date()) async throws -> (csv: String, rows: Int) {
        let keyring = app.personalData
        return try await app.write { db in
            guard let e = try await VolunteerExport.find(id, on: db) else { throw AppError.notFound }
            guard e.requestedBy == actor.id else { throw AppError.forbidden }
            switch VolunteerExport.State(rawValue: e.state) {
            case .approved: break
            case .downloaded: throw AppError(status: .gone, message: "personal_data.error.downloaded")
            default: throw AppError(status: .conflict, message: "personal_data.error.not_approved")
            }
            guard let decided = e.decidedAt, now.timeIntervalSince(decided) <= VolunteerExport.downloadWindow else {
                throw AppError(status: .gone, message: "personal_data.error.expired")
            }
            let (csv, rows) = try await table(on: db, keyring: keyring, t: t)
            guard let sql = db as? any SQLDatabase else { throw AppError.notFound }
            struct Claimed: Decodable { var id: Int }
            let claimed = try await sql.raw("""
                UPDATE volunteer_exports SET state = \(bind: VolunteerExport.State.downloaded.rawValue), \
                downloaded_at = \(bind: now), rows = \(bind: rows) \
                WHERE id = \(bind: id) AND state = \(bind: VolunteerExport.State.approved.rawValue) RETURNING id
                """).all(decoding: Claimed.self)
            guard !claimed.isEmpty else { throw AppError(status: .gone, message: "personal_data.error.downloaded") }
            try await AuditLog.append(on: db, actor: actor, action: "volunteer_export.download",
                                      objectType: "volunteer_export", objectID: String(id),
                                      details: ["volunteers": String(rows)])
            return (csv, rows)
        }
    }

    /// Volunteers not erased, opened, in id order; columns in the reader's language.
    static func table(on db: any Database, keyring: PersonalDataKeyring, t: Translator) async throws -> (String, Int) {
        let regions = Dictionary(uniqueKeysWithValues: try await Region.query(on: db).all().map { ($0.id ?? 0, $0) })
        var lines: [[String]] = [[t("personal_data.csv.id"), t("volunteer.name"), t("volunteer.contact"),
                                  t("volunteer.region"), t("volunteer.district"), t("volunteer.age_band")]]
        var after = 0
        while true {
            let batch = try await Volunteer.query(on: db).filter(\.$erasedAt == nil).filter(\.$id > after)
                .sort(\.$id).limit(500).all()
            for v in batch {
                guard let person = try v.person(keyring) else { continue }
                lines.append([String(v.id ?? 0), person.name, person.contact,
                              v.$region.id.flatMap { regions[$0]?.name(t.language) } ?? "", v.district, v.ageBand])
            }
            guard let last = batch.last?.id, batch.count == 500 else { break }
            after = last
        }
        return (ReportTables.csv(ReportTables.Table(name: "volunteers", header: lines[0], rows: Array(lines.dropFirst()))),
                lines.count - 1)
    }

    static func list(on db: any Database, limit: Int = 100) async throws -> [VolunteerExport] {
        try await VolunteerExport.query(on: db).sort(\.$id, .descending).limit(limit).all()
    }
}
