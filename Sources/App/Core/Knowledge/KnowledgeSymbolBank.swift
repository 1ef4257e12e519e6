import Fluent
import Foundation
import MediaMatch

/// The media bank the knowledge base's symbols enter: a local bank of its own, so an analyst can
/// switch it off or widen its distance on the banks page like any other, and a match names it.
/// The matcher (`BankMatching`) reads its active entries with every enabled bank's.
enum KnowledgeSymbolBank {
    /// The banks page shows a bank's own name as stored, in every language: so the name says it in each.
    static let name = "Билим базасынын символдору / Символы базы знаний / Knowledge base symbols"
    static let provenance = "билим базасы / база знаний / knowledge base"

    /// The bank, made on first need (the migration makes it; a database restored without it gets it back).
    static func ensure(on db: any Database) async throws -> HashBank {
        if let bank = try await HashBank.query(on: db).filter(\.$name == name).first() { return bank }
        let bank = HashBank()
        bank.name = name
        bank.kind = "local"
        bank.provenance = provenance
        bank.format = ""
        bank.labels = ""
        bank.enabled = true
        bank.negative = false
        bank.pdqDistance = MediaMatcher.defaultMaxDistance
        bank.createdAt = Date()
        try await bank.create(on: db)
        return bank
    }

    /// What a match says: the organisation's names (each language once) and the symbol's caption,
    /// so the signal on a captured item names the organisation without a further lookup.
    static func label(organization: Organization, caption: String, symbolID: Int) -> String {
        var names: [String] = []
        for name in [organization.nameKy, organization.nameRu, organization.nameEn] where !name.isEmpty && !names.contains(name) {
            names.append(name)
        }
        // No words of one language here: the label is stored once and read in all three.
        var text = names.joined(separator: " / ") + " · #\(symbolID)"
        if !caption.isEmpty { text += " · " + caption }
        return String(text.prefix(MediaFingerprint.maxLabelLength))
    }

    /// The entry's `external_id`, so the bank's page and exports can tell where it came from.
    static func externalID(symbolID: Int) -> String { "knowledge_symbol:\(symbolID)" }
}
