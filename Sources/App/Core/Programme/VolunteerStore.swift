import Fluent
import Foundation
import KaiguulCore
import Vapor

/// Writes on volunteer records and group membership beyond creation: editing, tying a record to a
/// login (by an admin, or by the volunteer with a one-time code), and adding or removing many members
/// at once. Each write is one transaction with its audit row.
enum VolunteerStore {
    // MARK: records

    static func updateVolunteer(_ id: Int, name: String, regionID: Int?, district: String, ageBand: AgeBand,
                                contact: String, actor: AuditActor, app: Application) async throws {
        let keyring = app.personalData
        try await app.write { db in
            guard let v = try await Volunteer.find(id, on: db) else { throw AppError.notFound }
            // An erased record stays erased: its person asked, or the retention period ran out.
            guard v.erasedAt == nil else { throw AppError(status: .conflict, message: "volunteer.error.erased") }
            try await ProgrammeStore.checkRegion(regionID, on: db)
            try await SQLiteShredding.zeroFreedSpace(on: db)
            try v.seal(VolunteerPerson(name: name, contact: contact), keyring)
            v.$region.id = regionID
            v.district = district
            v.ageBand = ageBand.rawValue
            try await v.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "volunteer.update", objectType: "volunteer",
                                      objectID: String(id), details: ["region_id": regionID.map(String.init) ?? ""])
        }
    }

    static func updateGroup(_ id: Int, name: String, regionID: Int?, messenger: Messenger, language: Language,
                            actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let g = try await VolunteerGroup.find(id, on: db) else { throw AppError.notFound }
            try await ProgrammeStore.checkRegion(regionID, on: db)
            g.name = name
            g.$region.id = regionID
            g.messenger = messenger.rawValue
            g.language = language.rawValue
            try await g.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "group.update", objectType: "volunteer_group",
                                      objectID: String(id),
                                      details: ["name": name, "messenger": messenger.rawValue,
                                                "language": language.rawValue])
        }
    }

    // MARK: login

    /// Whether this account may be tied to a volunteer record: a volunteer-role login that can sign in
    /// (enabled, not waiting for a second admin). Another role is refused: a coordinator's login tied
    /// to a volunteer record would see the group's materials as if it were a member.
    static func isLinkable(_ user: User) -> Bool {
        user.role == .volunteer && !user.disabled && !user.isAwaitingApproval
    }

    /// Volunteer-role logins not yet tied to any record, for the admin's picker.
    static func linkableLogins(on db: any Database, limit: Int = 500) async throws -> [User] {
        let taken = Set(try await Volunteer.query(on: db).filter(\.$userID != nil).all().compactMap(\.userID))
        let users = try await User.query(on: db).filter(\.$roleRaw == Role.volunteer.rawValue)
            .filter(\.$disabled == false).filter(\.$approvalPending == nil).limit(5_000).all()
        let free = users.filter { !taken.contains($0.id ?? 0) }
        return Array(NaturalOrder.sorted(free, name: \.username, id: { $0.id ?? 0 }).prefix(limit))
    }

    /// An admin ties a record to a login. A record already tied to someone, or a login already tied to
    /// another record, is refused: untie first, so nobody is moved without it showing in the log.
    static func linkLogin(volunteerID: Int, userID: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            try await link(volunteerID: volunteerID, userID: userID, on: db)
            try await AuditLog.append(on: db, actor: actor, action: "volunteer.link_login", objectType: "volunteer",
                                      objectID: String(volunteerID), details: ["user_id": String(userID)])
        }
    }

    static func unlinkLogin(volunteerID: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let v = try await Volunteer.find(volunteerID, on: db) else { throw AppError.notFound }
            guard let userID = v.userID else {
                throw AppError(status: .conflict, message: "volunteer.login.error.not_linked")
            }
            v.userID = nil
            try await v.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "volunteer.unlink_login", objectType: "volunteer",
                                      objectID: String(volunteerID), details: ["user_id": String(userID)])
        }
    }

    private static func link(volunteerID: Int, userID: Int, on db: any Database) async throws {
        guard let v = try await Volunteer.find(volunteerID, on: db) else { throw AppError.notFound }
        guard let user = try await User.find(userID, on: db), isLinkable(user) else {
            throw AppError.invalid("user_id", "volunteer.login.error.not_volunteer")
        }
        if v.userID == userID { return }
        if v.userID != nil { throw AppError.invalid("user_id", "volunteer.login.error.record_taken") }
        if try await Volunteer.query(on: db).filter(\.$userID == userID).first() != nil {
            throw AppError.invalid("user_id", "volunteer.login.error.login_taken")
        }
        v.userID = userID
        try await v.update(on: db)
    }

    // MARK: invitations

    /// Letters and digits that cannot be misread for one another when copied from paper (no 0/O, 1/I/L).
    static let codeAlphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    static let codeLength = 12

    /// A fresh code, shown as `ABCD-EFGH-JKMN`; 31^12 (about 2^59) possibilities.
    static func newCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let letters = (0..<codeLength).map { _ in codeAlphabet[Int.random(in: 0..<codeAlphabet.count, using: &generator)] }
        return stride(from: 0, to: codeLength, by: 4).map { String(letters[$0..<min($0 + 4, codeLength)]) }
            .joined(separator: "-")
    }

    /// What a person typed, reduced to the code's letters: case, spaces and dashes do not matter.
    /// Nil when it cannot be a code at all.
    static func normalizedCode(_ typed: String) -> String? {
        guard typed.count <= 64 else { return nil }
        let kept = typed.uppercased().filter { $0 != "-" && $0 != " " }
        guard kept.count == codeLength, kept.allSatisfy(codeAlphabet.contains) else { return nil }
        return kept
    }

    /// Makes a code for a record not yet tied to a login; an older unused code for it stops working.
    /// Returns the code, which is stored only as its hash and so can be shown only now.
    static func createInvitation(volunteerID: Int, actor: AuditActor, app: Application,
                                 now: Date = Date()) async throws -> (code: String, expiresAt: Date) {
        let code = newCode()
        let expires = now.addingTimeInterval(VolunteerInvitation.lifetime)
        try await app.write { db in
            guard let v = try await Volunteer.find(volunteerID, on: db) else { throw AppError.notFound }
            if v.userID != nil { throw AppError(status: .conflict, message: "volunteer.login.error.record_taken") }
            for old in try await VolunteerInvitation.query(on: db).filter(\.$volunteer.$id == volunteerID)
                .filter(\.$usedAt == nil).filter(\.$expiresAt > now).all() {
                old.expiresAt = now
                try await old.update(on: db)
            }
            let invitation = VolunteerInvitation()
            invitation.$volunteer.id = volunteerID
            invitation.codeSHA256 = Token.sha256Hex(normalizedCode(code) ?? code)
            invitation.createdBy = actor.id
            invitation.createdAt = now
            invitation.expiresAt = expires
            try await invitation.create(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "volunteer.invite", objectType: "volunteer",
                                      objectID: String(volunteerID),
                                      details: ["invitation_id": String(try invitation.requireID())])
        }
        return (code, expires)
    }

    /// The volunteer, signed in, claims their record with the code. Every way a code can fail (unknown,
    /// used, expired) gives the same message, so the form cannot be used to learn which codes exist.
    static func redeem(code typed: String, userID: Int, actor: AuditActor, app: Application,
                       now: Date = Date()) async throws -> Int {
        guard let code = normalizedCode(typed) else { throw AppError.invalid("code", "volunteer.invite.error.bad_code") }
        return try await app.write { db in
            guard let user = try await User.find(userID, on: db), isLinkable(user) else {
                throw AppError(status: .forbidden, message: "volunteer.login.error.not_volunteer")
            }
            guard let invitation = try await VolunteerInvitation.query(on: db)
                .filter(\.$codeSHA256 == Token.sha256Hex(code)).first(),
                invitation.usedAt == nil, invitation.expiresAt > now
            else { throw AppError.invalid("code", "volunteer.invite.error.bad_code") }
            let volunteerID = invitation.$volunteer.id
            try await link(volunteerID: volunteerID, userID: userID, on: db)
            invitation.usedAt = now
            invitation.usedBy = userID
            try await invitation.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "volunteer.accept_invitation",
                                      objectType: "volunteer", objectID: String(volunteerID),
                                      details: ["user_id": String(userID),
                                                "invitation_id": String(try invitation.requireID())])
            return volunteerID
        }
    }

    // MARK: members

    /// Most members one form may add or remove at once; a group is meant to hold about 35.
    static let bulkLimit = 200

    /// Adds every listed volunteer not yet in the group, in one transaction. An unknown id refuses the
    /// whole request; people already in the group are skipped, so sending the form twice is harmless.
    @discardableResult
    static func addMembers(groupID: Int, volunteerIDs: [Int], actor: AuditActor, app: Application) async throws -> Int {
        let ids = Array(Set(volunteerIDs)).sorted()
        guard !ids.isEmpty else { throw AppError.invalid("volunteer_ids", "group.members.error.none_chosen") }
        guard ids.count <= bulkLimit else {
            throw AppError.invalid("volunteer_ids", "group.members.error.too_many", ["max": String(bulkLimit)])
        }
        return try await app.write { db in
            guard try await VolunteerGroup.find(groupID, on: db) != nil else { throw AppError.notFound }
            let known = try await Volunteer.query(on: db).filter(\.$id ~~ ids).count()
            guard known == ids.count else { throw AppError.invalid("volunteer_ids", "error.unknown_value") }
            let present = Set(try await GroupMember.query(on: db).filter(\.$group.$id == groupID)
                .filter(\.$volunteer.$id ~~ ids).all().map { $0.$volunteer.id })
            let added = ids.filter { !present.contains($0) }
            let now = Date()
            for id in added {
                let m = GroupMember()
                m.$group.id = groupID
                m.$volunteer.id = id
                m.joinedAt = now
                try await m.create(on: db)
            }
            try await AuditLog.append(on: db, actor: actor, action: "group.add_members", objectType: "volunteer_group",
                                      objectID: String(groupID),
                                      details: ["volunteer_ids": added.map(String.init).joined(separator: ","),
                                                "count": String(added.count)])
            return added.count
        }
    }

    /// Removes the listed members in one transaction; ids not in the group refuse the whole request,
    /// since the form only offers members.
    @discardableResult
    static func removeMembers(groupID: Int, volunteerIDs: [Int], actor: AuditActor, app: Application) async throws
        -> Int
    {
        let ids = Array(Set(volunteerIDs)).sorted()
        guard !ids.isEmpty else { throw AppError.invalid("member_ids", "group.members.error.none_chosen") }
        guard ids.count <= bulkLimit else {
            throw AppError.invalid("member_ids", "group.members.error.too_many", ["max": String(bulkLimit)])
        }
        return try await app.write { db in
            guard try await VolunteerGroup.find(groupID, on: db) != nil else { throw AppError.notFound }
            let rows = try await GroupMember.query(on: db).filter(\.$group.$id == groupID)
                .filter(\.$volunteer.$id ~~ ids).all()
            guard rows.count == ids.count else { throw AppError.invalid("member_ids", "group.members.error.not_member") }
            for row in rows { try await row.delete(on: db) }
            try await AuditLog.append(on: db, actor: actor, action: "group.remove_members",
                                      objectType: "volunteer_group", objectID: String(groupID),
                                      details: ["volunteer_ids": ids.map(String.init).joined(separator: ","),
                                                "count": String(ids.count)])
            return ids.count
        }
    }
}
