import Fluent
import SQLKit
import Vapor
import Foundation

/// Asking for and deciding erasures. The volunteer (or a coordinator for them) asks; a coordinator
/// or an admin confirms, which erases in the same transaction as the decision and its audit row,
/// or declines, which changes nothing of the person's data. Audit rows carry ids and counts only.
enum ErasureRequestStore {
    struct Opened: Sendable {
        var request: ErasureRequest
        var reason: String
        var note: String
    }

    /// A new request; one pending request per volunteer is enough, a second one is refused.
    static func ask(volunteerID: Int, reason raw: String, actor: AuditActor, app: Application,
                    now: Date = Date()) async throws -> Int {
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count <= ErasureRequest.maxText else {
            throw AppError.invalid("reason", "personal_data.error.too_long", ["max": String(ErasureRequest.maxText)])
        }
        let keyring = app.personalData
        return try await app.write { db in
            guard let v = try await Volunteer.find(volunteerID, on: db) else { throw AppError.notFound }
            guard v.erasedAt == nil else { throw AppError(status: .conflict, message: "volunteer.error.erased") }
            let pending = try await ErasureRequest.query(on: db).filter(\.$volunteerID == volunteerID)
                .filter(\.$state == ErasureRequest.State.pending.rawValue).count()
            guard pending == 0 else {
                throw AppError(status: .conflict, message: "personal_data.error.already_asked", field: "reason")
            }
            let key = try RecordKey.new(keyring)
            let r = ErasureRequest()
            r.volunteerID = volunteerID
            r.requestedBy = actor.id
            r.requestedAt = now
            r.dataKey = key.wrapped
            r.reason = try key.seal(reason, place: ErasureRequest.reasonPlace)
            r.state = ErasureRequest.State.pending.rawValue
            r.note = try key.seal("", place: ErasureRequest.notePlace)
            try await r.create(on: db)
            let id = try r.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "erasure_request.create", objectType: "erasure_request",
                                      objectID: String(id), details: ["volunteer_id": String(volunteerID)])
            return id
        }
    }

    /// Confirms: erases the volunteer's data, blanks the request's own words, audited with counts.
    @discardableResult
    static func confirm(_ id: Int, note: String, actor: AuditActor, app: Application,
                        now: Date = Date()) async throws -> PersonalDataEraser.Erased {
        try checkNote(note)
        let erased = try await app.write { db -> PersonalDataEraser.Erased in
            let r = try await claim(id, .confirmed, actor: actor, now: now, on: db)
            // The eraser turns on SQLite's zeroing first, before anything is overwritten.
            let erased = try await PersonalDataEraser.eraseVolunteer(r.volunteerID, on: db, now: now)
            r.reason = ""
            r.note = ""
            r.dataKey = nil
            try await r.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "personal_data.erase", objectType: "volunteer",
                                      objectID: String(r.volunteerID),
                                      details: ["erasure_request_id": String(id),
                                                "erased_record": erased.volunteer ? "1" : "0",
                                                "erased_tip_contacts": String(erased.tipContacts),
                                                "disabled_login": erased.loginDisabled ? "1" : "0"])
            return erased
        }
        await SQLiteShredding.checkpoint(on: app.db)
        return erased
    }

    /// Declines: the person's data stays as it was; the note says why, sealed like the reason.
    static func decline(_ id: Int, note: String, actor: AuditActor, app: Application, now: Date = Date()) async throws {
        try checkNote(note)
        let keyring = app.personalData
        try await app.write { db in
            let r = try await claim(id, .declined, actor: actor, now: now, on: db)
            let key = try r.dataKey.map { try RecordKey.unwrap($0, keyring) } ?? RecordKey.new(keyring)
            r.dataKey = key.wrapped
            r.note = try key.seal(note.trimmingCharacters(in: .whitespacesAndNewlines), place: ErasureRequest.notePlace)
            try await r.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "erasure_request.decline", objectType: "erasure_request",
                                      objectID: String(id), details: ["volunteer_id": String(r.volunteerID)])
        }
    }

    /// Pending requests, oldest first, for the coordinators' worklist.
    static func pending(on db: any Database, keyring: PersonalDataKeyring, limit: Int = 200) async throws -> [Opened] {
        try await ErasureRequest.query(on: db).filter(\.$state == ErasureRequest.State.pending.rawValue)
            .sort(\.$requestedAt).sort(\.$id).limit(limit).all().map { open($0, keyring) }
    }

    static func open(_ r: ErasureRequest, _ keyring: PersonalDataKeyring) -> Opened {
        guard let wrapped = r.dataKey, let key = try? RecordKey.unwrap(wrapped, keyring) else {
            return Opened(request: r, reason: "", note: "")
        }
        return Opened(request: r, reason: (try? key.open(r.reason, place: ErasureRequest.reasonPlace)) ?? "",
                      note: (try? key.open(r.note, place: ErasureRequest.notePlace)) ?? "")
    }

    private static func checkNote(_ note: String) throws {
        guard note.count <= ErasureRequest.maxText else {
            throw AppError.invalid("note", "personal_data.error.too_long", ["max": String(ErasureRequest.maxText)])
        }
    }

    /// Decides a pending request with a conditional update, so two coordinators pressing at once on
    /// PostgreSQL give one decision and one audit row; the second is told it is already decided.
    private static func claim(_ id: Int, _ state: ErasureRequest.State, actor: AuditActor, now: Date,
                              on db: any Database) async throws -> ErasureRequest {
        guard try await ErasureRequest.find(id, on: db) != nil else { throw AppError.notFound }
        guard let sql = db as? any SQLDatabase else { throw AppError.notFound }
        struct Claimed: Decodable { var id: Int }
        let claimed = try await sql.raw("""
            UPDATE erasure_requests SET state = \(bind: state.rawValue), decided_by = \(bind: actor.id), \
            decided_at = \(bind: now) WHERE id = \(bind: id) AND state = \(bind: ErasureRequest.State.pending.rawValue) \
            RETURNING id
            """).all(decoding: Claimed.self)
        guard !claimed.isEmpty, let r = try await ErasureRequest.find(id, on: db) else {
            throw AppError(status: .conflict, message: "personal_data.error.decided")
        }
        return r
    }
}
