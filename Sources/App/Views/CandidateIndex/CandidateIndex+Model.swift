import Fluent
import Vapor

/// Candidate sources found in captures, by status (pending first).
enum CandidateIndex {
    struct Model {
        var candidates: [SourceCandidate]
        var total: Int
        var status: String
        var paging: Paging
        var canDecide: Bool
        var csrf: String
    }

    static func query(status: String, paging: Paging, on db: any Database) async throws -> ([SourceCandidate], Int) {
        let query = SourceCandidate.query(on: db).filter(\.$status == status)
        let total = try await query.count()
        let rows = try await query.sort(\.$lastSeenAt, .descending).sort(\.$id, .descending)
            .range(paging.offset..<(paging.offset + paging.perPage)).all()
        return (rows, total)
    }
}
