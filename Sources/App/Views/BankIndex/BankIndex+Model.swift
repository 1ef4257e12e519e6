import Fluent
import Foundation
import KaiguulCore
import Vapor

/// The banks page: every hash bank with its switch, PDQ distance, provenance, labels and counts;
/// hashes held by the flood quarantine; the court bank's materials with their revocation.
enum BankIndex {
    struct Model: Sendable {
        var banks: [Row]
        var holds: [Hold]
        var materials: [Material]
        var canUpdate: Bool
        var canExport: Bool
        var canRevoke: Bool
        var csrf: String
        var errors: [String: AppError]
        var errorBank: Int?
    }

    struct Row: Sendable {
        var id: Int
        var name: String
        var kind: String
        var provenance: String
        var format: String
        var labels: [String]
        var enabled: Bool
        var negative: Bool
        var pdqDistance: Int
        var active: Int
        var deleted: Int
        var truePositives: Int
        var falsePositives: Int
        var lastImportedAt: Date?
        var checkpoint: String?
    }

    struct Hold: Sendable {
        var id: Int
        var kind: String
        var value: String
        var matches: Int
        var heldAt: Date
    }

    struct Material: Sendable {
        var id: Int
        var title: String
        var court: String
        var decisionNumber: String
        var revokedAt: Date?
        var revokedReason: String?
    }

    static func load(_ req: Request, errors: [String: AppError] = [:], errorBank: Int? = nil) async throws -> Model {
        let db = req.db
        let banks = try await HashBank.query(on: db).sort(\.$id).limit(500).all()
        let feedback = try await BankFeedback.query(on: db).all()
        var rows: [Row] = []
        for bank in banks {
            guard let id = bank.id else { continue }
            let active: Int, deleted: Int
            if bank.isCourtBank {
                let hashes = try await SharedHashes.forBank(id, on: db)
                deleted = hashes.filter { $0.deleted && bank.enabled }.count
                active = hashes.count - deleted
            } else {
                active = try await BankEntry.query(on: db).filter(\.$bankID == id).filter(\.$status == "active").count()
                deleted = try await BankEntry.query(on: db).filter(\.$bankID == id).filter(\.$status != "active").count()
            }
            let mine = feedback.filter { $0.bankID == id }
            rows.append(Row(id: id, name: bank.name, kind: bank.kind, provenance: bank.provenance, format: bank.format,
                            labels: bank.labels.split(separator: "\n").map(String.init), enabled: bank.enabled,
                            negative: bank.negative, pdqDistance: bank.pdqDistance, active: active, deleted: deleted,
                            truePositives: mine.filter { $0.verdict == "true_positive" }.count,
                            falsePositives: mine.filter { $0.verdict == "false_positive" }.count,
                            lastImportedAt: bank.lastImportedAt, checkpoint: bank.checkpoint))
        }
        let holds = try await HashHold.query(on: db).filter(\.$releasedAt == nil).sort(\.$heldAt, .descending).limit(200).all()
            .compactMap { h in h.id.map { Hold(id: $0, kind: h.kind, value: h.value, matches: h.matches, heldAt: h.heldAt) } }
        let materials = try await BannedMaterial.query(on: db).sort(\.$id).limit(500).all()
            .compactMap { m in m.id.map { Material(id: $0, title: m.title, court: m.court, decisionNumber: m.decisionNumber,
                                                   revokedAt: m.revokedAt, revokedReason: m.revokedReason) } }
        return Model(banks: rows, holds: holds, materials: materials, canUpdate: req.can(.update, .hashBank),
                     canExport: req.can(.export, .hashBank), canRevoke: BankIndex.mayRevoke(req.currentUser?.role),
                     csrf: CSRFMiddleware.token(for: req), errors: errors, errorBank: errorBank)
    }

    /// Overturned bans are recorded by those who record court decisions: legal officers and admins.
    static func mayRevoke(_ role: Role?) -> Bool {
        role == .legal || role == .admin
    }
}
