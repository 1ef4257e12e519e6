import Fluent
import Foundation

/// Reading symbols: an organisation's (all for staff, public ones for the guide), and the one an
/// image address names, for the image route to decide who may see it.
enum KnowledgeSymbols {
    static func forOrganization(_ id: Int, publicOnly: Bool, on db: any Database) async throws -> [KnowledgeSymbol] {
        var query = KnowledgeSymbol.query(on: db).filter(\.$organizationID == id)
        if publicOnly { query = query.filter(\.$isPublic == true) }
        return try await query.sort(\.$id).all()
    }

    /// The symbols `ids` names, in that order, skipping unknown ids (a version lists the symbols it shows).
    static func withIDs(_ ids: [Int], publicOnly: Bool, on db: any Database) async throws -> [KnowledgeSymbol] {
        guard !ids.isEmpty else { return [] }
        var query = KnowledgeSymbol.query(on: db).filter(\.$id ~~ ids)
        if publicOnly { query = query.filter(\.$isPublic == true) }
        let rows = try await query.all()
        return ids.compactMap { id in rows.first { $0.id == id } }
    }

    /// Whether any symbol with this image is public (the same picture may be another organisation's public symbol).
    /// nil when no symbol has it.
    static func visibility(sha256: String, on db: any Database) async throws -> Bool? {
        let rows = try await KnowledgeSymbol.query(on: db).filter(\.$sha256 == sha256).all()
        guard !rows.isEmpty else { return nil }
        return rows.contains { $0.isPublic }
    }

    /// A SHA-256 as the address carries it: 64 lowercase hex digits, nothing else.
    static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
