import Evidence
import Fluent
import Foundation
import KaiguulCore
import Vapor

/// A case's evidence package: every capture the case holds (its capture and media evidence, and
/// the captures of its items) in one WACZ, with the case's audit trail in the custody manifest.
/// Making one is itself audited: who, which case, the package's SHA-256 and its records' digests.
enum CasePackage {
    /// Who may take a case's evidence out as a package. An expert only for a case referred to them
    /// (`CaseQuery.find` scopes experts; any other case is a 404, as on the case page).
    static let roles: Set<Role> = [.analyst, .legal, .auditor, .expert]

    /// The audit row a package leaves (an audit name, not interface text; `Custody.Action.casePackage`).
    static let audit = (action: Custody.Action.casePackage.name, objectType: "case")

    /// A package written to a temporary folder of its own; the caller removes `directory` when done.
    struct Made: Sendable {
        var directory: URL
        var file: URL
        var summary: PackageSummary
    }

    /// The case a person may package, or the refusal (403 for a role, 404 for a case out of scope).
    static func find(caseID: Int, user: CurrentUser, on db: any Database) async throws -> CaseRecord {
        guard roles.contains(user.role) else { throw AppError.forbidden }
        return try await CaseQuery.find(caseID, on: db, user: user)
    }

    /// Packages a case for a signed-in person into a new temporary folder.
    static func make(caseID: Int, user: CurrentUser, app: Application) async throws -> Made {
        let record = try await find(caseID: caseID, user: user, on: app.db)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaiguul-package-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            let file = directory.appendingPathComponent(fileName(caseID: caseID))
            let summary = try await write(
                record, to: file, actor: user.auditActor,
                packagedBy: "\(user.displayName) (\(user.username), \(user.role.rawValue))",
                role: user.role, app: app)
            return Made(directory: directory, file: file, summary: summary)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    static func fileName(caseID: Int, at date: Date = Date()) -> String {
        "kaiguul-case-\(caseID)-\(WARCDate.timestamp14(date)).wacz"
    }

    static func caseNumber(_ id: Int) -> String { "case-\(id)" }

    /// Writes the package to `destination` (which must not exist) and audits it. Used by the pages,
    /// the API and `kaiguul case package`.
    @discardableResult
    static func write(
        _ record: CaseRecord, to destination: URL, actor: AuditActor, packagedBy: String, role: Role? = nil,
        app: Application
    ) async throws -> PackageSummary {
        let caseID = try record.requireID()
        let captureIDs = try await captureIDs(caseID: caseID, on: app.db)
        guard !captureIDs.isEmpty else { throw AppError(status: .conflict, message: "package.error.no_captures") }
        let subject = EvidencePackage.Subject(
            caseNumber: caseNumber(caseID), title: "Kaiguul \(caseNumber(caseID)): \(record.title.prefix(200))",
            description: "Evidence of \(caseNumber(caseID)), target \(record.target.prefix(300))",
            packagedBy: packagedBy, auditTrail: try await auditTrail(caseID: caseID, on: app.db))
        let summary: PackageSummary
        do {
            summary = try await EvidencePackage.build(
                captureIDs: captureIDs, subject: subject, to: destination,
                on: app.db, services: try app.monitoring, signing: try InstancePackageSigning.make(app: app))
        } catch let failure as EvidencePackage.Failure {
            app.logger.error("package of \(caseNumber(caseID)) refused: \(failure.description)")
            throw AppError(status: .conflict, message: "package.error.no_captures")
        } catch let damaged as EvidenceError {
            app.logger.error("package of \(caseNumber(caseID)) refused: \(damaged.description)")
            // A record that is not what was recorded is told as such; anything else (a file that
            // exists, a full disk) is the writer's own failure and keeps its description.
            if case .malformedWARC = damaged {
                throw AppError(status: .internalServerError, message: "package.error.damaged")
            }
            throw damaged
        }
        do {
            let package = PackageAudit.details(summary, captureIDs: captureIDs)
            try await app.write { db in
                try await Custody.append(
                    .casePackage, .caseFile(caseID), actor: actor,
                    details: Custody.details(
                        sha256: summary.wacz.sha256, caseIDs: [caseID], person: packagedBy, role: role, more: package),
                    on: db)
            }
        } catch {
            // A package nobody can account for does not leave.
            try? FileManager.default.removeItem(at: destination)
            throw error
        }
        return summary
    }

    /// Every capture the case holds: capture and media evidence, and the captures of its items
    /// (and of their media) even where the item was attached alone.
    static func captureIDs(caseID: Int, on db: any Database) async throws -> [Int] {
        let rows = try await CaseEvidence.query(on: db).filter(\.$caseID == caseID).all()
        var ids = Set<Int>()
        for row in rows
        where row.kind == CaseEvidenceKind.capture.rawValue || row.kind == CaseEvidenceKind.media.rawValue {
            if let id = row.captureID { ids.insert(id) }
        }
        let itemIDs = rows.filter { $0.kind == CaseEvidenceKind.item.rawValue }.compactMap(\.itemID)
        if !itemIDs.isEmpty {
            for item in try await Item.query(on: db).filter(\.$id ~~ itemIDs).all() {
                if let id = item.captureID { ids.insert(id) }
                for media in StoredMedia.decodeList(item.media) {
                    if let id = media.captureID { ids.insert(id) }
                }
            }
        }
        return try await withCaptureGroups(ids, on: db).sorted()
    }

    /// A page read in a browser, or a video post, is all its rows together: the screenshot, the DOM and
    /// the scripts and requests that built the page; the info, the file, the thumbnail and the subtitles
    /// of the video. Whichever of them a case holds, its package holds the whole capture, so it replays
    /// and the screenshot shows beside its page.
    static func withCaptureGroups(_ ids: Set<Int>, on db: any Database) async throws -> Set<Int> {
        let grouped: [String?] = [CaptureMode.browser.rawValue, CaptureMode.video.rawValue]
        func rows(_ ids: [Int]) async throws -> [Capture] {
            var rows: [Capture] = []
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                rows += try await Capture.query(on: db).filter(\.$id ~~ chunk).filter(\.$captureMode ~~ grouped).all()
            }
            return rows
        }
        let held = try await rows(ids.sorted())
        guard !held.isEmpty else { return ids }
        // A part points at its anchor (the page's response, the video's info) as parent.
        let parts = held.filter { EvidencePackage.partRoles.contains($0.role ?? "") || $0.role == "video" }
        let parents = try await rows(Array(Set(parts.compactMap(\.parentCaptureID))))
        var anchors = Set(held.compactMap(\.id))
        anchors.formUnion(parents.compactMap(\.id))
        var result = ids.union(anchors)
        let anchorList = anchors.sorted()
        for start in stride(from: 0, to: anchorList.count, by: 500) {
            let chunk = Array(anchorList[start..<min(start + 500, anchorList.count)])
            let children = try await Capture.query(on: db).filter(\.$parentCaptureID ~~ chunk)
                .filter(\.$captureMode ~~ grouped).limit(100_000).all()
            result.formUnion(children.compactMap(\.id))
        }
        return result
    }

    /// The case's rows of the audit log and the custody of its evidence (who opened, downloaded or
    /// packaged it before, `CustodyTrail`), oldest first, as the manifest carries them.
    static func auditTrail(caseID: Int, on db: any Database) async throws -> [CustodyManifest.AuditStep] {
        let rows = try await AuditEntry.query(on: db).filter(\.$objectType == "case")
            .filter(\.$objectID == String(caseID)).sort(\.$seq).limit(10_000).all()
        func decode(_ details: String) -> [String: String] {
            (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:]
        }
        var steps = rows.map { row in
            CustodyManifest.AuditStep(
                seq: row.seq, at: row.at, actor: row.actorLabel, action: row.action,
                object: "\(row.objectType):\(row.objectID ?? "")", details: decode(row.details), hash: row.hash)
        }
        // The case's own rows are above already; custody adds those of the evidence it holds.
        let custody = try await CustodyTrail.query(caseID: caseID, limit: 10_000, on: db).rows
        for row in custody where row.object_type != "case" {
            steps.append(CustodyManifest.AuditStep(
                seq: row.seq, at: row.at, actor: row.actor_label, action: row.action,
                object: "\(row.object_type):\(row.object_id ?? "")", details: decode(row.details), hash: row.hash))
        }
        return steps.sorted { $0.seq < $1.seq }
    }
}
