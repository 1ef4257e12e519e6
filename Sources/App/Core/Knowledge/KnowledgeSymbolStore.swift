import Evidence
import Fluent
import Foundation
import MediaMatch
import Vapor

/// Adding a symbol: the image into the blob store by its SHA-256, then in one transaction the
/// symbol's row, its PDQ hash as an entry of the symbols' media bank (labelled with the
/// organisation, so a match in a captured image names it) and the audit row. The bank's changed
/// rows change `BankMatching.revision`, so the running analysis matches the symbol from its next item.
enum KnowledgeSymbolStore {
    static func create(_ input: KnowledgeSymbolInput, organizationID: Int, actor: AuditActor,
                       app: Application) async throws -> KnowledgeSymbol {
        let blob = try BlobStore(root: app.kaiguul.blobDirectory).put(input.data)
        let pdq = input.image.pdq.hex
        return try await app.write { db in
            guard let organization = try await Organization.find(organizationID, on: db) else { throw AppError.notFound }
            let same = try await KnowledgeSymbol.query(on: db).filter(\.$organizationID == organizationID)
                .filter(\.$sha256 == blob.sha256).count()
            guard same == 0 else { throw AppError.invalid("file", "symbols.error.duplicate") }
            let bank = try await KnowledgeSymbolBank.ensure(on: db)
            let bankID = try bank.requireID()
            // The bank holds one entry per hash: the same picture under another organisation would be
            // one match naming two organisations, which an analyst must sort out by hand.
            let taken = try await BankEntry.query(on: db).filter(\.$bankID == bankID).filter(\.$kind == "pdq")
                .filter(\.$value == pdq).first()
            if let taken, taken.status == "active" { throw AppError.invalid("file", "symbols.error.duplicate") }

            let symbol = KnowledgeSymbol()
            symbol.organizationID = organizationID
            symbol.sha256 = blob.sha256
            symbol.mediaType = input.image.mediaType
            symbol.width = input.image.width
            symbol.height = input.image.height
            symbol.captionKy = input.captionKy
            symbol.captionRu = input.captionRu
            symbol.captionEn = input.captionEn
            symbol.isPublic = input.isPublic
            symbol.pdq = pdq
            symbol.pdqQuality = input.image.quality
            symbol.createdBy = actor.id
            symbol.createdAt = Date()
            try await symbol.create(on: db)
            let symbolID = try symbol.requireID()

            let now = Date()
            let entry = taken ?? BankEntry()
            entry.bankID = bankID
            entry.kind = "pdq"
            entry.value = pdq
            entry.label = KnowledgeSymbolBank.label(organization: organization, caption: symbol.caption(.ru),
                                                    symbolID: symbolID)
            entry.externalID = KnowledgeSymbolBank.externalID(symbolID: symbolID)
            entry.fileType = "image"
            entry.status = "active"
            entry.listedAt = now
            if taken == nil { entry.createdAt = now }
            entry.updatedAt = now
            entry.deletedAt = nil
            try await entry.save(on: db)
            symbol.bankEntryID = try entry.requireID()
            try await symbol.update(on: db)

            // Who may see it is in the action's name, read in the reader's language (a yes/no detail would not be).
            try await AuditLog.append(on: db, actor: actor,
                                      action: input.isPublic ? "knowledge_symbol.create_public" : "knowledge_symbol.create_staff",
                                      objectType: "knowledge_symbol", objectID: String(symbolID),
                                      details: ["symbol_organization_id": String(organizationID), "sha256": blob.sha256,
                                                "symbol_pdq": pdq, "bank_id": String(bankID),
                                                "bank_entry_id": String(symbol.bankEntryID ?? 0)])
            return symbol
        }
    }
}
