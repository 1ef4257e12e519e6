import Fluent
import Foundation
import SQLKit
import Vapor

/// The review page of one proposed mirror: the evidence, and for an analyst the form that accepts it.
enum MirrorReview {
    struct Model: Sendable {
        var evidence: MirrorEvidence
        var canAct: Bool
        var csrf: String
    }

    static func load(itemID: Int, caseID: Int, request: Request) async throws -> Model {
        guard let sql = request.db as? any SQLDatabase else { throw AppError.notFound }
        struct Row: Decodable { var details: String }
        let rows = try await sql.raw("""
            SELECT details FROM signals WHERE item_id = \(bind: itemID) AND kind = \(bind: MirrorSignal.kind) \
            ORDER BY id DESC LIMIT 50
            """).all(decoding: Row.self)
        guard let evidence = rows.lazy.compactMap({ MirrorEvidence.from(itemID: itemID, details: $0.details) })
            .first(where: { $0.signal.case_id == caseID })
        else { throw AppError.notFound }
        return Model(evidence: evidence, canAct: request.can(.update, .triage), csrf: CSRFMiddleware.token(for: request))
    }
}
