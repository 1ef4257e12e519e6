import Fluent
import Foundation

/// Erases a person's fields and keeps the row: ids, region, district, age band, memberships and
/// attendance stay, so every count a report makes from them stays the same. The record's data key
/// goes with the fields, which leaves any copy of the old ciphertext (an old page, a backup)
/// unreadable. Runs inside the caller's transaction, which writes the audit row.
enum PersonalDataEraser {
    struct Erased: Sendable, Equatable {
        var volunteer = false
        var tipContacts = 0
        var loginDisabled = false
    }

    /// The volunteer's name and contact, the contacts of tips their login sent, their unused
    /// invitation codes; their login is untied and disabled (its name stays in the audit log, which
    /// is never edited). Erasing twice changes nothing.
    @discardableResult
    static func eraseVolunteer(_ id: Int, on db: any Database, now: Date = Date()) async throws -> Erased {
        try await SQLiteShredding.zeroFreedSpace(on: db)
        guard let v = try await Volunteer.find(id, on: db) else { throw AppError.notFound }
        var erased = Erased()
        if v.erasedAt == nil {
            v.name = ""
            v.contact = ""
            v.dataKey = nil
            v.contactHash = nil
            v.erasedAt = now
            erased.volunteer = true
        }
        if let userID = v.userID {
            v.userID = nil
            for tip in try await Tip.query(on: db).filter(\.$submittedBy == userID).filter(\.$contact != nil).all() {
                eraseTipContact(tip, now: now)
                try await tip.update(on: db)
                erased.tipContacts += 1
            }
            if let user = try await User.find(userID, on: db), !user.disabled {
                user.disabled = true
                try await user.update(on: db)
                try await AccountSessions.revokeTokens(userID: userID, on: db)
                try await AccountSessions.end(userID: userID, on: db)
                erased.loginDisabled = true
            }
        }
        try await v.update(on: db)
        for invitation in try await VolunteerInvitation.query(on: db).filter(\.$volunteer.$id == id)
            .filter(\.$usedAt == nil).filter(\.$expiresAt > now).all() {
            invitation.expiresAt = now
            try await invitation.update(on: db)
        }
        return erased
    }

    /// A tip's sender contact, and its data key when nothing else is sealed with it.
    static func eraseTipContact(_ tip: Tip, now: Date = Date()) {
        tip.contact = nil
        tip.dataKey = nil
        if tip.erasedAt == nil { tip.erasedAt = now }
    }

    /// A dismissed tip's words: the addresses, the comment and the contact. Status, dates, platform
    /// and organisation stay for the counts.
    static func eraseTipContent(_ tip: Tip, now: Date = Date()) {
        eraseTipContact(tip, now: now)
        tip.urls = "[]"
        tip.comment = ""
    }
}
