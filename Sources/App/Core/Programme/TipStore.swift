import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Vapor

/// Files a tip and matches it to what is already known: a watched source or an open case.
/// Unmatched tips wait in the triage queue with status `received`.
enum TipStore {
    /// The kind a URL most likely belongs to, for matching against source identities.
    static func kind(of url: String) -> SourceKind {
        let host = URLComponents(string: url)?.host?.lowercased() ?? ""
        let bare = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        switch bare {
        case "t.me", "telegram.me": return .telegram
        case "youtube.com", "m.youtube.com", "youtu.be": return .youtube
        case "facebook.com", "m.facebook.com", "fb.com": return .facebook
        case "instagram.com": return .instagram
        case "tiktok.com": return .tiktok
        case "vk.com": return .vk
        case "ok.ru": return .ok
        default: return .website
        }
    }

    struct Match: Sendable {
        var sourceID: Int?
        var caseID: Int?
    }

    static func match(_ urls: [String], on db: any Database) async throws -> Match {
        var result = Match()
        for url in urls {
            let kind = kind(of: url)
            var identities: [String] = []
            if let id = try? SourceAddress.identity(kind: kind, address: url) { identities.append(id) }
            if kind == .website, let host = URLComponents(string: url)?.host?.lowercased(),
               let site = try? SourceAddress.identity(kind: .website, address: "https://\(host)") {
                identities.append(site)
            }
            if result.sourceID == nil, !identities.isEmpty,
               let source = try await Source.query(on: db).filter(\.$identity ~~ identities).first() {
                result.sourceID = source.id
            }
            if result.caseID == nil, let sql = db as? any SQLDatabase {
                // Cases name their target as a domain, URL or account; compare with what was sent.
                let host = URLComponents(string: url)?.host?.lowercased() ?? url
                let candidates = Array(Set([url, host] + identities))
                struct Row: Decodable { var id: Int }
                let row = try await sql.select().column("id").from("cases")
                    .where(SQLIdentifier("target"), .in, SQLBind.group(candidates))
                    .orderBy("id").limit(1).first(decoding: Row.self)
                result.caseID = row?.id
            }
        }
        return result
    }

    static func create(_ input: TipInput, submittedBy: AuditActor?, app: Application) async throws -> Int {
        try await app.write { db in
            let found = try await match(input.urls, on: db)
            let tip = Tip()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            tip.urls = String(decoding: try encoder.encode(input.urls), as: UTF8.self)
            tip.platform = input.platform?.rawValue
            tip.comment = input.comment
            tip.contact = input.contact
            tip.submittedBy = submittedBy?.id
            tip.sourceID = found.sourceID
            tip.caseID = found.caseID
            tip.status = (found.sourceID != nil || found.caseID != nil) ? TipStatus.underReview.rawValue : TipStatus.received.rawValue
            try await tip.create(on: db)
            let id = try tip.requireID()
            try await AuditLog.append(on: db, actor: submittedBy ?? AuditActor(id: nil, label: "public"), action: "tip.create",
                                      objectType: "tip", objectID: String(id),
                                      details: ["urls": String(input.urls.count), "source_id": found.sourceID.map(String.init) ?? "",
                                                "case_id": found.caseID.map(String.init) ?? ""])
            return id
        }
    }

    static func setStatus(_ id: Int, _ status: TipStatus, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let tip = try await Tip.find(id, on: db) else { throw AppError.notFound }
            tip.status = status.rawValue
            try await tip.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "tip.status", objectType: "tip", objectID: String(id),
                                      details: ["status": status.rawValue])
        }
    }
}
