import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Vapor

/// Writes of the programme area: volunteers, groups, members and trainings. Every write carries
/// its audit row in the same transaction.
enum ProgrammeStore {
    /// An unknown region is the form's error, not the database's foreign key failing.
    static func checkRegion(_ regionID: Int?, on db: any Database) async throws {
        if let regionID, try await Region.find(regionID, on: db) == nil {
            throw AppError.invalid("region_id", "error.unknown_value")
        }
    }

    static func createVolunteer(name: String, regionID: Int?, district: String, ageBand: AgeBand, contact: String,
                                userID: Int?, actor: AuditActor, app: Application) async throws -> Int {
        let keyring = app.personalData
        return try await app.write { db in
            try await checkRegion(regionID, on: db)
            let v = Volunteer()
            try v.seal(VolunteerPerson(name: name, contact: contact), keyring)
            v.$region.id = regionID
            v.district = district
            v.ageBand = ageBand.rawValue
            v.userID = userID
            try await v.create(on: db)
            let id = try v.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "volunteer.create", objectType: "volunteer",
                                      objectID: String(id), details: ["region_id": regionID.map(String.init) ?? ""])
            return id
        }
    }

    static func createGroup(name: String, regionID: Int?, messenger: Messenger, language: Language = .default,
                            coordinatorID: Int?, actor: AuditActor, app: Application) async throws -> Int {
        try await app.write { db in
            try await checkRegion(regionID, on: db)
            let g = VolunteerGroup()
            g.name = name
            g.$region.id = regionID
            g.messenger = messenger.rawValue
            g.language = language.rawValue
            g.coordinatorID = coordinatorID
            try await g.create(on: db)
            let id = try g.requireID()
            try await AuditLog.append(on: db, actor: actor, action: "group.create", objectType: "volunteer_group",
                                      objectID: String(id), details: ["name": name, "messenger": messenger.rawValue,
                                                "language": language.rawValue])
            return id
        }
    }

    /// Adds a member; a second add of the same person is refused, not duplicated.
    static func addMember(groupID: Int, volunteerID: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard try await VolunteerGroup.find(groupID, on: db) != nil else { throw AppError.notFound }
            guard try await Volunteer.find(volunteerID, on: db) != nil else { throw AppError.invalid("volunteer_id", "error.unknown_value") }
            if try await GroupMember.query(on: db).filter(\.$group.$id == groupID).filter(\.$volunteer.$id == volunteerID).first() != nil {
                throw AppError(status: .conflict, message: "group.already_member", field: "volunteer_id")
            }
            let m = GroupMember()
            m.$group.id = groupID
            m.$volunteer.id = volunteerID
            m.joinedAt = Date()
            try await m.create(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "group.add_member", objectType: "volunteer_group",
                                      objectID: String(groupID), details: ["volunteer_id": String(volunteerID)])
        }
    }

    static func createTraining(kind: TrainingKind, heldOn: String, place: String, topic: String, trainers: String,
                               regionID: Int?, actor: AuditActor, app: Application) async throws -> Int {
        // A session without modules: the curriculum's one way of creating a session.
        try await CurriculumStore.createSession(kind: kind, heldOn: heldOn, place: place, topic: topic, trainers: trainers,
                                                regionID: regionID, moduleIDs: [], actor: actor, app: app)
    }

    static func addAttendance(trainingID: Int, volunteerIDs: [Int], staffNames: [String], actor: AuditActor,
                              app: Application) async throws {
        try await app.write { db in
            guard try await Training.find(trainingID, on: db) != nil else { throw AppError.notFound }
            // Sending the form twice must not count anyone twice.
            let recorded = Set(try await TrainingAttendance.query(on: db).filter(\.$training.$id == trainingID)
                .all().compactMap { $0.$volunteer.id })
            for id in volunteerIDs where !recorded.contains(id) {
                let a = TrainingAttendance()
                a.$training.id = trainingID
                a.$volunteer.id = id
                try await a.create(on: db)
            }
            for name in staffNames {
                let a = TrainingAttendance()
                a.$training.id = trainingID
                a.staffName = name
                try await a.create(on: db)
            }
            try await AuditLog.append(on: db, actor: actor, action: "training.attendance", objectType: "training",
                                      objectID: String(trainingID),
                                      details: ["volunteers": String(volunteerIDs.count), "staff": String(staffNames.count)])
        }
    }

    /// Member counts per group in one query.
    static func memberCounts(on db: any Database) async throws -> [Int: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable { var group_id: Int; var n: Int }
        let rows = try await sql.raw("SELECT group_id, COUNT(*) AS n FROM group_members GROUP BY group_id").all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.group_id, $0.n) })
    }
}
