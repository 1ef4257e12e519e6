import Evidence
import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Vapor

@testable import App

extension DemoData {
    /// A fictional record of January–September 2021, the kind of period the ministry reports on:
    /// sites and accounts found, taken through expertise and court to blocking, volunteer groups,
    /// seminars and counter-materials handed out. Every name, domain and channel is invented.
    ///
    /// The history is written as it would have been recorded then — backdated rows in one
    /// transaction, with one audit row saying that the demo record was loaded — because running
    /// each step through today's clock would put it all in the present.
    static func seedProgramme(app: Application) async throws {
        guard try await Training.query(on: app.db).count() == 0 else { return }
        let blobs = try BlobStore(root: app.kaiguul.blobDirectory)
        let decisionPDF = try blobs.put(Data(demoPDF("Demo court decision (fictional)").utf8))
        let conclusionPDF = try blobs.put(Data(demoPDF("Demo expert conclusion (fictional)").utf8))
        try await app.write { db in
            guard let sql = db as? any SQLDatabase else { return }
            let history = DemoHistory(sql: sql, decisionSHA: decisionPDF.sha256, decisionSize: Int(decisionPDF.size),
                                      conclusionSHA: conclusionPDF.sha256, conclusionSize: Int(conclusionPDF.size))
            try await history.write(on: db)
            try await AuditLog.append(on: db, actor: AuditActor(id: nil, label: "demo"), action: "demo.seed_history",
                                      objectType: "demo", objectID: nil, details: ["period": "2021-01-01/2021-09-30"])
        }
        // The history writes volunteers as plain rows, the way a bulk load would; they are sealed
        // like any other before anyone sees them.
        _ = try await PersonalDataSealer.sealPlainRows(on: app.db, app.personalData)
    }

    /// A one-page PDF with a line of text, so demo documents open in a viewer.
    static func demoPDF(_ text: String) -> String {
        let stream = "BT /F1 18 Tf 72 720 Td (\(text)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(i + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { pdf += String(format: "%010d 00000 n \n", offset) }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return pdf
    }
}

/// Writes the demo history. Deterministic: the same rows every time.
struct DemoHistory {
    let sql: any SQLDatabase
    let decisionSHA: String
    let decisionSize: Int
    let conclusionSHA: String
    let conclusionSize: Int

    static let start = Date(timeIntervalSince1970: 1_609_459_200)  // 2021-01-01T00:00:00Z

    func day(_ n: Int, hour: Int = 10) -> Date { Self.start.addingTimeInterval(Double(n) * 86_400 + Double(hour) * 3600) }

    func isoDay(_ n: Int) -> String { PeriodReport.iso(day(n)) }

    struct ID: Decodable { var id: Int }

    func insert(_ table: String, _ values: [String: any Encodable & Sendable]) async throws -> Int {
        let columns = values.keys.sorted()
        let row = try await sql.insert(into: table).columns(columns)
            .values(columns.map { SQLBind(values[$0]!) }).returning("id").first(decoding: ID.self)
        guard let row else { throw AppError(status: .internalServerError, message: "error.internal") }
        return row.id
    }

    func userID(_ name: String, on db: any Database) async throws -> Int? {
        try await User.query(on: db).filter(\.$username == name).first()?.id
    }

    func write(on db: any Database) async throws {
        let analyst = try await userID("analyst", on: db)
        let expert = try await userID("expert", on: db)
        let legal = try await userID("legal", on: db)
        let coordinator = try await userID("coordinator", on: db)
        let regions = try await Region.query(on: db).sort(\.$id).all().compactMap(\.id)
        let orgs = try await Organization.query(on: db).sort(\.$id).all().compactMap(\.id)
        guard !regions.isEmpty else { return }

        // Sites and accounts found between January and August; 38 sites go all the way to blocking.
        let platforms = ["t.me/", "vk.com/", "ok.ru/", "youtube.com/@", "tiktok.com/@"]
        for i in 0..<83 {
            let isSite = i % 4 != 3 || i >= 80  // 63 sites, 20 accounts
            let index = isSite ? i - i / 4 : i / 4
            let target = isSite ? "demo-site-\(index + 1).example" : platforms[index % platforms.count] + "demo_channel_\(index + 1)"
            let created = i * 3  // day of the year
            let blocked = isSite && index < 38
            let state = blocked ? "blocked" : (isSite ? (index % 3 == 0 ? "submitted_to_court" : "referred_to_expert") : "in_review")
            let caseID = try await insert("cases", [
                "title": (isSite ? "Demo site " : "Demo account ") + String(index + 1), "target": target,
                "target_kind": isSite ? "domain" : "account", "platform": SiteOrAccount.platform(of: target)?.id,
                "region_id": regions[i % regions.count], "organization_id": orgs.isEmpty ? nil as Int? : orgs[i % orgs.count],
                "state": state, "expert_id": isSite ? expert : nil, "version": 1, "created_by": analyst,
                "created_at": day(created), "updated_at": day(created),
            ])
            var steps: [(action: String, from: String, to: String, offset: Int, actor: Int?)] = [
                ("start_review", "new", "in_review", 1, analyst),
            ]
            if isSite { steps.append(("refer_to_expert", "in_review", "referred_to_expert", 2, analyst)) }
            if blocked || (isSite && index % 3 == 0) {
                steps.append(("record_expert_conclusion", "referred_to_expert", "expert_confirmed", 9, expert))
                steps.append(("submit_to_court", "expert_confirmed", "submitted_to_court", 14, legal))
            }
            var decisionID: Int?
            for step in steps {
                var documentID: Int?
                if step.action == "record_expert_conclusion" {
                    documentID = try await document(caseID: caseID, kind: "expert_conclusion", sha: conclusionSHA,
                                                    size: conclusionSize, at: day(created + step.offset), by: expert)
                }
                try await event(caseID, step.action, step.from, step.to, at: day(created + step.offset), actor: step.actor,
                                document: documentID)
            }
            if blocked {
                let documentID = try await document(caseID: caseID, kind: "court_decision", sha: decisionSHA, size: decisionSize,
                                                    at: day(created + 30), by: legal)
                decisionID = try await insert("court_decisions", [
                    "case_id": caseID, "court": "Demo district court (fictional)", "number": "DEMO-2021-\(1000 + index)",
                    "decided_on": isoDay(created + 29), "outcome": "ordered", "targets": "[\"\(target)\"]",
                    "document_id": documentID, "recorded_by": legal, "created_at": day(created + 30),
                ])
                try await event(caseID, "record_court_decision", "submitted_to_court", "court_ordered", at: day(created + 30),
                                actor: legal, document: documentID)
                _ = try await insert("block_orders", [
                    "case_id": caseID, "court_decision_id": decisionID, "target": target, "target_kind": "domain",
                    "status": "active", "issued_at": day(created + 30), "created_by": legal,
                ])
                try await event(caseID, "mark_blocked", "court_ordered", "blocked", at: day(created + 33), actor: legal,
                                document: nil)
            }
        }

        // Volunteers: four groups of 30–35 young leaders, from every region.
        var volunteers: [(id: Int, region: Int)] = []
        let sizes = [30, 32, 34, 35]
        var groupIDs: [Int] = []
        for (g, size) in sizes.enumerated() {
            let region = regions[(g * 2) % regions.count]
            let groupID = try await insert("volunteer_groups", [
                "name": ["Жаштар үнү", "Тынчтык элчилери", "Санарип кайгуул", "Ак жол"][g] + " (demo)", "region_id": region,
                "messenger": g % 2 == 0 ? "telegram" : "whatsapp", "coordinator_id": coordinator, "created_at": day(g * 7),
                // Groups chat in Kyrgyz or Russian; the ready message for a group is written in its language.
                "language": ["ky", "ru", "ky", "ru"][g],
            ])
            groupIDs.append(groupID)
            for m in 0..<size {
                let n = volunteers.count
                let vRegion = regions[n % regions.count]
                let vid = try await insert("volunteers", [
                    "name": "Demo volunteer \(n + 1)", "region_id": vRegion, "district": "Demo district \(n % 7 + 1)",
                    "age_band": ["18-24", "25-35", "14-17"][n % 3], "contact": "demo-\(n + 1)@volunteers.example",
                    "created_at": day(g * 7),
                ])
                volunteers.append((vid, vRegion))
                _ = try await insert("group_members", ["group_id": groupID, "volunteer_id": vid, "joined_at": day(g * 7 + m % 5)])
            }
        }

        // Three large seminars gathering leaders from all regions, and smaller regional trainings.
        for (s, held) in [60, 150, 240].enumerated() {
            let trainingID = try await insert("trainings", [
                "kind": "large_seminar", "held_on": isoDay(held), "place": ["Bishkek", "Osh", "Cholpon-Ata"][s],
                "topic": "Recognising and answering extremist propaganda online (demo)", "trainers": "Demo trainers",
                "region_id": regions[s % regions.count], "created_at": day(held),
            ])
            for k in 0..<35 {
                let v = volunteers[(s * 35 + k) % volunteers.count]
                _ = try await insert("training_attendance", ["training_id": trainingID, "volunteer_id": v.id])
            }
        }
        for r in 0..<5 {
            let trainingID = try await insert("trainings", [
                "kind": r == 4 ? "staff_course" : "regional_training", "held_on": isoDay(30 + r * 45),
                "place": "Demo regional centre \(r + 1)", "topic": "Digital hygiene and reporting (demo)", "trainers": "Demo staff",
                "region_id": regions[(r * 2 + 1) % regions.count], "created_at": day(30 + r * 45),
            ])
            for k in 0..<12 {
                _ = try await insert("training_attendance", ["training_id": trainingID, "volunteer_id": volunteers[(r * 12 + k) % volunteers.count].id])
            }
        }

        // Counter-materials, approved, and their distribution to the groups week by week.
        var videos: [Int] = []
        var others: [Int] = []
        for k in 0..<8 {
            videos.append(try await insert("counter_materials", [
                "title": "Demo video \(k + 1): «Биз биргебиз»", "kind": "video", "languages": k % 2 == 0 ? "ky" : "ru",
                "topics": "unity", "url": "https://media.example/video-\(k + 1)", "status": "approved", "created_by": coordinator,
                "created_at": day(k * 5),
            ]))
        }
        for k in 0..<20 {
            others.append(try await insert("counter_materials", [
                "title": "Demo material \(k + 1)", "kind": ["article", "image", "audio"][k % 3], "languages": k % 2 == 0 ? "ky,ru" : "ru",
                "topics": "media literacy", "url": "https://media.example/material-\(k + 1)", "status": "approved",
                "created_by": coordinator, "created_at": day(k * 5),
            ]))
        }
        for k in 0..<(76 + 261) {
            let isVideo = k < 76
            let material = isVideo ? videos[k % videos.count] : others[k % others.count]
            let when = (k * 7) % 265 + 5  // spread over January–September
            _ = try await insert("distributions", [
                "material_id": material, "group_id": groupIDs[k % groupIDs.count], "distributed_on": isoDay(when),
                "recorded_by": coordinator, "code": "demo\(String(k, radix: 36))", "created_at": day(when),
            ])
        }
    }

    func event(_ caseID: Int, _ action: String, _ from: String, _ to: String, at: Date, actor: Int?, document: Int?) async throws {
        _ = try await insert("case_events", [
            "case_id": caseID, "actor_id": actor, "at": at, "action": action, "from_state": from, "to_state": to,
            "grounds": "Demo record (fictional)", "document_id": document,
        ])
    }

    func document(caseID: Int, kind: String, sha: String, size: Int, at: Date, by: Int?) async throws -> Int {
        try await insert("documents", [
            "sha256": sha, "size": size, "filename": kind + ".pdf", "content_type": "application/pdf", "kind": kind,
            "case_id": caseID, "uploaded_by": by, "uploaded_at": at,
        ])
    }
}
