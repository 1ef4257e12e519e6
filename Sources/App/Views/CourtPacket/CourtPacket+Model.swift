import Fluent
import Foundation
import KaiguulCore
import Vapor

/// The court packet: one printable page that lets a court, or anyone the court asks, find and
/// check the evidence of a case — the target, the organisation, each piece of evidence with its
/// capture time and hashes, the expert conclusion it rests on, and the evidence package.
enum CourtPacket {
    struct Evidence: Sendable {
        var kind: String
        var url: String
        var capturedAt: Date?
        var collector: String?
        /// SHA-256 of the payload (capture) or content (item) as recorded when it was attached.
        var sha256: String?
        /// `WARC-Block-Digest` of each record, for captures.
        var recordDigests: [(type: String, digest: String)]
    }

    struct Conclusion: Sendable {
        var filename: String
        var sha256: String
        var expert: String
        var uploadedAt: Date
    }

    /// The latest package made of the case (from the audit log).
    struct Package: Sendable {
        var file: String
        var sha256: String
        var madeAt: Date
        var madeBy: String
    }

    struct Model: Sendable {
        var language: Language
        var caseID: Int
        var title: String
        var target: String
        var targetKind: String
        var organization: String?
        var organizationDecision: String?
        var state: String
        var evidence: [Evidence]
        var conclusions: [Conclusion]
        var package: Package?
        var generatedAt: Date
    }

    /// The page's language: `?lang=` when it is one of ours, else the reader's.
    static func language(_ raw: String?, fallback: Language) -> Language {
        raw.flatMap { Language(rawValue: String($0.prefix(5))) } ?? fallback
    }

    static func load(_ record: CaseRecord, language: Language, on db: any Database) async throws -> Model {
        let caseID = try record.requireID()
        var organization: Organization?
        if let id = record.organizationID { organization = try await Organization.find(id, on: db) }
        let rows = try await CaseEvidence.query(on: db).filter(\.$caseID == caseID).sort(\.$id).limit(5_000).all()
        let captureIDs = rows.compactMap(\.captureID)
        let captures = captureIDs.isEmpty ? [] : try await Capture.query(on: db).filter(\.$id ~~ captureIDs).all()
        let byID = Dictionary(captures.compactMap { c in c.id.map { ($0, c) } }, uniquingKeysWith: { a, _ in a })
        let evidence = rows.map { row -> Evidence in
            let capture = row.captureID.flatMap { byID[$0] }
            let digests =
                capture?.recordDigests.flatMap {
                    try? JSONDecoder().decode([String: String].self, from: Data($0.utf8))
                } ?? [:]
            let ordered = ["request", "response", "metadata"].compactMap { type in digests[type].map { (type, $0) } }
            return Evidence(
                kind: row.kind, url: row.url ?? capture?.url ?? "", capturedAt: capture?.fetchedAt,
                collector: capture?.collector, sha256: row.sha256 ?? capture?.payloadSHA256,
                recordDigests: ordered)
        }
        let documents = try await DocumentRecord.query(on: db).filter(\.$caseID == caseID)
            .filter(\.$kind == "expert_conclusion").sort(\.$id).all()
        let uploaderIDs = Array(Set(documents.compactMap(\.uploadedBy)))
        let uploaders = uploaderIDs.isEmpty ? [] : try await User.query(on: db).filter(\.$id ~~ uploaderIDs).all()
        let names = Dictionary(
            uploaders.compactMap { u in u.id.map { ($0, u.displayName) } },
            uniquingKeysWith: { a, _ in a })
        let conclusions = documents.map { document in
            Conclusion(
                filename: document.filename, sha256: document.sha256,
                expert: document.uploadedBy.flatMap { names[$0] } ?? "", uploadedAt: document.uploadedAt)
        }
        let packaged = try await AuditEntry.query(on: db).filter(\.$objectType == CasePackage.audit.objectType)
            .filter(\.$objectID == String(caseID)).filter(\.$action == CasePackage.audit.action)
            .sort(\.$seq, .descending).first()
        let package = packaged.flatMap { row -> Package? in
            guard let details = try? JSONDecoder().decode([String: String].self, from: Data(row.details.utf8)),
                let sha = details["sha256"], let file = details["file"]
            else { return nil }
            return Package(file: file, sha256: sha, madeAt: row.at, madeBy: row.actorLabel)
        }
        let decision = organization.map {
            [$0.court, $0.decisionNumber, $0.decisionDate ?? ""]
                .filter { !$0.isEmpty }.joined(separator: ", ")
        }
        return Model(
            language: language, caseID: caseID, title: record.title, target: record.target,
            targetKind: record.targetKind, organization: organization?.name(language),
            organizationDecision: decision, state: record.state, evidence: evidence,
            conclusions: conclusions, package: package, generatedAt: Date())
    }
}
