import Fluent
import Foundation
import KaiguulCore
import Vapor

@testable import App

extension DemoData {
    /// Runs after the rest of the demo seed and fills the gaps so that every role's home page has work
    /// on it: an account waiting for a second admin, a source whose last fetch failed, a block the
    /// last verification found still reachable, a material waiting for approval, a training to come,
    /// and the demo `volunteer` login linked to a volunteer whose group got an approved material today.
    /// The expert's referred case and the legal officer's court steps come from `seedCases`.
    /// Everything is fictional; each step is written as the application writes it (through its stores).
    static func seedWorklists(app: Application) async throws {
        let actor = AuditActor(id: nil, label: "demo")
        try await requestAccount(actor: actor, app: app)
        try await failSource(app: app)
        try await stillReachable(actor: actor, app: app)
        try await coordinatorWork(actor: actor, app: app)
        try await linkVolunteer(actor: actor, app: app)
    }

    /// A second expert account asked for by the demo: it waits for the admin's approval (four eyes).
    private static func requestAccount(actor: AuditActor, app: Application) async throws {
        guard try await User.query(on: app.db).filter(\.$username == "expert2").first() == nil else { return }
        _ = try await UserStore.create(username: "expert2", displayName: "Demo Expert Two", role: .expert,
                                       password: password, mustChange: true, actor: actor, app: app)
    }

    /// The newest capture of one watched website failed (the demo never goes to the network).
    private static func failSource(app: Application) async throws {
        guard let source = try await Source.query(on: app.db).filter(\.$status == SourceStatus.active.rawValue)
            .filter(\.$kind == SourceKind.website.rawValue).sort(\.$id).first(),
            let sourceID = source.id
        else { return }
        // Written as the capture step records a failed fetch: a row with the reason, no WARC record.
        let capture = Capture()
        capture.sourceID = sourceID
        capture.url = source.address
        capture.fetchedAt = Date()
        capture.collector = "Kaiguul demo"
        capture.error = "connection timed out after 30 s (demo)"
        try await app.write { db in try await capture.create(on: db) }
    }

    /// The court-ordered case's block order: the last check still reached the site.
    private static func stillReachable(actor: AuditActor, app: Application) async throws {
        guard let record = try await CaseRecord.query(on: app.db).filter(\.$state == CaseState.courtOrdered.rawValue)
            .sort(\.$id).first(), let caseID = record.id,
            let order = try await BlockOrder.query(on: app.db).filter(\.$caseID == caseID)
                .filter(\.$status == BlockOrderStatus.active.rawValue).first(), let orderID = order.id
        else { return }
        try await app.write { db in
            let check = ReachabilityCheck()
            check.blockOrderID = orderID
            check.checkedAt = Date()
            check.resolver = "system"
            check.dnsResult = "192.0.2.44 (demo)"
            check.httpStatus = 200
            check.reachable = true
            check.details = "The demo's check: the target still answered (fictional)."
            try await check.create(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "blocklist.verify", objectType: "block_order",
                                      objectID: nil, details: ["checked": "1", "reachable": "1"])
        }
    }

    /// A draft material waiting for the coordinator's approval and a training two weeks ahead.
    private static func coordinatorWork(actor: AuditActor, app: Application) async throws {
        let coordinator = try await User.query(on: app.db).filter(\.$username == "coordinator").first()
        let by = AuditActor(id: coordinator?.id, label: coordinator?.username ?? actor.label)
        let region = try await Region.query(on: app.db).sort(\.$id).first()?.id
        _ = try await DistributionStore.createMaterial(
            title: "Demo quiz: spot the look-alike letters (awaiting approval)", kind: .article,
            languages: ["ky", "ru"], topics: "media literacy", url: "https://media.example/quiz-demo", actor: by, app: app)
        _ = try await ProgrammeStore.createTraining(
            kind: .regionalTraining, heldOn: PeriodReport.iso(Date().addingTimeInterval(14 * 86_400)),
            place: "Naryn (demo)", topic: "Answering invented slogans with facts (demo)", trainers: "Demo trainer",
            regionID: region, actor: by, app: app)
    }

    /// The demo `volunteer` login becomes the first demo volunteer who is in a group, and that group
    /// gets an approved material today, so the volunteer has something to share and confirm.
    private static func linkVolunteer(actor: AuditActor, app: Application) async throws {
        guard let login = try await User.query(on: app.db).filter(\.$username == "volunteer").first()?.id,
              try await Volunteer.query(on: app.db).filter(\.$userID == login).first() == nil,
              let membership = try await GroupMember.query(on: app.db).sort(\.$id).first(),
              let material = try await CounterMaterial.query(on: app.db)
                .filter(\.$status == CounterMaterialStatus.approved.rawValue).sort(\.$id).first()?.id
        else { return }
        let volunteerID = membership.$volunteer.id
        let groupID = membership.$group.id
        // As an admin's link writes it (`VolunteerStore.linkLogin`): the login on the record, and its audit row.
        try await app.write { db in
            guard let volunteer = try await Volunteer.find(volunteerID, on: db) else { return }
            volunteer.userID = login
            try await volunteer.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "volunteer.link_login", objectType: "volunteer",
                                      objectID: String(volunteerID), details: ["user_id": String(login)])
        }
        _ = try await DistributionStore.distribute(materialID: material, groupID: groupID, channel: nil,
                                                   on: PeriodReport.iso(Date()), actor: actor, app: app)
    }
}
