import Fluent
import Foundation
import Vapor

/// A volunteer leaves the programme: the day is recorded, they leave their groups, and retention
/// erases their name and contact once `KAIGUUL_RETAIN_LEFT_VOLUNTEER_DAYS` have passed. Until then
/// a coordinator can take it back (the groups are not restored: the audit row lists them).
enum VolunteerDeparture {
    /// Records the day (`YYYY-MM-DD`, today or earlier) in one transaction with the audit row.
    /// Returns how many groups the volunteer left.
    @discardableResult
    static func leave(_ id: Int, on typed: String?, today: String, actor: AuditActor, app: Application) async throws
        -> Int
    {
        var errors: [String: AppError] = [:]
        guard let day = FieldRules.date(typed, field: "left_on", required: true, into: &errors) else {
            throw errors["left_on"] ?? AppError.invalid("left_on", "error.invalid_date")
        }
        guard day <= today else { throw AppError.invalid("left_on", "volunteer.leave.error.future") }
        return try await app.write { db in
            guard let v = try await Volunteer.find(id, on: db) else { throw AppError.notFound }
            guard v.erasedAt == nil else { throw AppError.invalid("left_on", "volunteer.error.erased") }
            guard v.leftOn == nil else { throw AppError.invalid("left_on", "volunteer.leave.error.already") }
            v.leftOn = day
            try await v.update(on: db)
            let memberships = try await GroupMember.query(on: db).filter(\.$volunteer.$id == id)
                .sort(\.$group.$id).all()
            for membership in memberships { try await membership.delete(on: db) }
            try await AuditLog.append(
                on: db, actor: actor, action: "volunteer.leave", objectType: "volunteer", objectID: String(id),
                details: ["left_on": day,
                          "groups_left": memberships.map { String($0.$group.id) }.joined(separator: ",")])
            return memberships.count
        }
    }

    /// Takes the departure back, while the record is not erased.
    static func undo(_ id: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let v = try await Volunteer.find(id, on: db) else { throw AppError.notFound }
            guard v.erasedAt == nil else { throw AppError.invalid("left_on", "volunteer.error.erased") }
            guard let day = v.leftOn else { throw AppError.invalid("left_on", "volunteer.leave.error.not_left") }
            v.leftOn = nil
            try await v.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "volunteer.leave_undo", objectType: "volunteer",
                                      objectID: String(id), details: ["left_on": day])
        }
    }

    /// The day retention will erase the record: the first day its `left_on` falls before the limit.
    static func erasureDay(leftOn: String, settings: RetentionSettings) -> String? {
        guard let left = PeriodReport.day(leftOn) else { return nil }
        return Retention.day(left.addingTimeInterval(Double(settings.leftVolunteerDays + 1) * 86_400))
    }
}
