import Fluent
import Foundation
import KaiguulCore
import SQLKit
import Vapor

/// Files a tip and matches it to what is already known: a watched source or an open case.
/// Unmatched tips wait in the triage queue with status `received`.
enum TipStore {
    struct Match: Sendable {
        var sourceID: Int?
        var caseID: Int?
    }

    /// The watched source and the case the tip's URLs are about, by match key: a post of an account
    /// meets the account (`t.me/s/name/15` meets `telegram:name` and `https://t.me/name`), a page of
    /// a site meets the site. The first URL that meets something wins; among rows, the oldest.
    static func match(_ urls: [String], on db: any Database) async throws -> Match {
        let keys = urls.compactMap { PlatformTable.matchKey(for: $0) }
        return Match(sourceID: try await MatchKeyStore.firstSource(matching: keys, on: db),
                     caseID: try await MatchKeyStore.firstCase(matching: keys, on: db))
    }

    struct Filed: Sendable {
        var id: Int
        var reference: String
    }

    static func create(_ input: TipInput, submittedBy: AuditActor?, app: Application) async throws -> Int {
        try await file(input, submittedBy: submittedBy, app: app).id
    }

    /// Files the tip with a fresh reference (`TipReference`) for its sender to quote.
    static func file(_ input: TipInput, submittedBy: AuditActor?, app: Application) async throws -> Filed {
        let keyring = app.personalData
        return try await app.write { db in
            let found = try await match(input.urls, on: db)
            let tip = Tip()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            tip.urls = String(decoding: try encoder.encode(input.urls), as: UTF8.self)
            // 40 random bits: a clash is rare, but a reference must name one tip.
            var reference = TipReference.make()
            while try await Tip.query(on: db).filter(\.$reference == reference).count() > 0 { reference = TipReference.make() }
            tip.reference = reference
            tip.platform = input.platform?.rawValue
            tip.comment = input.comment
            try tip.sealContact(input.contact, keyring)
            tip.submittedBy = submittedBy?.id
            tip.sourceID = found.sourceID
            tip.caseID = found.caseID
            tip.organizationID = input.organizationID
            tip.status = (found.sourceID != nil || found.caseID != nil) ? TipStatus.underReview.rawValue : TipStatus.received.rawValue
            try await tip.create(on: db)
            let id = try tip.requireID()
            try await AuditLog.append(on: db, actor: submittedBy ?? AuditActor(id: nil, label: "public"), action: "tip.create",
                                      objectType: "tip", objectID: String(id),
                                      details: ["urls": String(input.urls.count), "source_id": found.sourceID.map(String.init) ?? "",
                                                "case_id": found.caseID.map(String.init) ?? "",
                                                "suggested_organization": input.organizationID.map(String.init) ?? ""])
            return Filed(id: id, reference: reference)
        }
    }

    /// What the sender of a tip may learn by its reference: its state and when it was received, never
    /// the source or case behind it.
    struct PublicState: Sendable {
        var reference: String
        var status: TipStatus
        var receivedAt: Date?
    }

    static func publicState(reference: String, on db: any Database) async throws -> PublicState? {
        guard let tip = try await Tip.query(on: db).filter(\.$reference == reference).first() else { return nil }
        return PublicState(reference: reference, status: TipStatus(rawValue: tip.status) ?? .received,
                           receivedAt: tip.createdAt)
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
