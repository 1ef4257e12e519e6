import Fluent
import Foundation
import SQLKit

/// Everything Kaiguul holds about one volunteer, opened: what the person gets when they ask for
/// their data (GDPR Article 15). Built from the volunteer's own rows only — their record, their
/// memberships and attendance, and what their login did — so it can hold nobody else's data.
/// Names of groups, trainings and materials are the programme's, not other people's.
struct PersonalDataExport: Codable, Sendable, Equatable {
    struct Group: Codable, Sendable, Equatable {
        var id: Int
        var name: String
        var joinedAt: String?
    }

    struct Training: Codable, Sendable, Equatable {
        var id: Int
        var kind: String
        var heldOn: String
        var place: String
        var topic: String
    }

    struct Distribution: Codable, Sendable, Equatable {
        var id: Int
        var material: String
        var distributedOn: String
        var confirmedAt: String
    }

    struct Tip: Codable, Sendable, Equatable {
        var id: Int
        var reference: String?
        var sentAt: String?
        var status: String
        var urls: [String]
        var comment: String
        var contact: String?
    }

    struct Invitation: Codable, Sendable, Equatable {
        var createdAt: String
        var expiresAt: String
        var usedAt: String?
    }

    struct Erasure: Codable, Sendable, Equatable {
        var id: Int
        var state: String
        var requestedAt: String
        var decidedAt: String?
    }

    /// Changes only when a key is renamed or removed, so a program reading the file can rely on it.
    var format = "kaiguul.personal_data.v1"
    var generatedAt: String
    var volunteerID: Int
    var name: String?
    var contact: String?
    var erasedAt: String?
    var regionCode: String?
    var region: String?
    var district: String
    var ageBand: String
    var leftOn: String?
    var recordedAt: String?
    var login: String?
    var groups: [Group] = []
    var trainings: [Training] = []
    var distributionsConfirmed: [Distribution] = []
    var tips: [Tip] = []
    var invitations: [Invitation] = []
    var erasureRequests: [Erasure] = []

    /// Bounds the lists: a volunteer has tens of each; a runaway row count must not make a page of megabytes.
    static let listLimit = 1_000

    static func build(volunteerID id: Int, on db: any Database, keyring: PersonalDataKeyring,
                      language: Language, now: Date = Date()) async throws -> PersonalDataExport {
        guard let v = try await Volunteer.query(on: db).filter(\.$id == id).with(\.$region).first() else {
            throw AppError.notFound
        }
        let person = try v.person(keyring)
        var out = PersonalDataExport(
            generatedAt: Formats.iso8601(now), volunteerID: id, name: person?.name, contact: person?.contact,
            erasedAt: v.erasedAt.map(Formats.iso8601), regionCode: v.region?.code, region: v.region?.name(language),
            district: v.district, ageBand: v.ageBand, leftOn: v.leftOn, recordedAt: v.createdAt.map(Formats.iso8601))

        for m in try await GroupMember.query(on: db).filter(\.$volunteer.$id == id).with(\.$group)
            .sort(\.$id).limit(listLimit).all() {
            out.groups.append(Group(id: m.group.id ?? 0, name: m.group.name, joinedAt: m.joinedAt.map(Formats.iso8601)))
        }
        for a in try await TrainingAttendance.query(on: db).filter(\.$volunteer.$id == id).with(\.$training)
            .sort(\.$id).limit(listLimit).all() {
            let t = a.training
            out.trainings.append(Training(id: t.id ?? 0, kind: t.kind, heldOn: t.heldOn, place: t.place, topic: t.topic))
        }
        out.trainings.sort { ($0.heldOn, $0.id) < ($1.heldOn, $1.id) }
        for invitation in try await VolunteerInvitation.query(on: db).filter(\.$volunteer.$id == id)
            .sort(\.$createdAt).limit(listLimit).all() {
            out.invitations.append(Invitation(createdAt: Formats.iso8601(invitation.createdAt),
                                              expiresAt: Formats.iso8601(invitation.expiresAt),
                                              usedAt: invitation.usedAt.map(Formats.iso8601)))
        }
        for r in try await ErasureRequest.query(on: db).filter(\.$volunteerID == id).sort(\.$id).limit(listLimit).all() {
            out.erasureRequests.append(Erasure(id: r.id ?? 0, state: r.state, requestedAt: Formats.iso8601(r.requestedAt),
                                               decidedAt: r.decidedAt.map(Formats.iso8601)))
        }
        // What the login did: only while the record is tied to it (erasure unties it).
        if let userID = v.userID {
            out.login = try await User.find(userID, on: db)?.username
            out.tips = try await tips(of: userID, on: db, keyring: keyring)
            out.distributionsConfirmed = try await confirmations(of: userID, on: db)
        }
        return out
    }

    private static func tips(of userID: Int, on db: any Database, keyring: PersonalDataKeyring) async throws -> [Tip] {
        try await App.Tip.query(on: db).filter(\.$submittedBy == userID).sort(\.$id).limit(listLimit).all().map { tip in
            // A contact that no longer opens (its key gone) is reported as absent rather than failing the whole export.
            Tip(id: tip.id ?? 0, reference: tip.reference, sentAt: tip.createdAt.map(Formats.iso8601), status: tip.status,
                urls: tip.urlList, comment: tip.comment, contact: (try? tip.openContact(keyring)) ?? nil)
        }
    }

    private static func confirmations(of userID: Int, on db: any Database) async throws -> [Distribution] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable {
            var id: Int
            var title: String
            var distributed_on: String
            var confirmed_at: Date
        }
        return try await sql.raw("""
            SELECT d.id AS id, m.title AS title, d.distributed_on AS distributed_on, c.confirmed_at AS confirmed_at \
            FROM distribution_confirmations c JOIN distributions d ON d.id = c.distribution_id \
            JOIN counter_materials m ON m.id = d.material_id WHERE c.user_id = \(bind: userID) \
            ORDER BY d.id LIMIT 1000
            """).all(decoding: Row.self).map {
            Distribution(id: $0.id, material: $0.title, distributedOn: $0.distributed_on,
                         confirmedAt: Formats.iso8601($0.confirmed_at))
        }
    }

    /// The file the person downloads: stable snake_case keys, sorted, readable.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
