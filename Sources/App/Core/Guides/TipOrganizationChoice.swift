import Foundation

/// One answer to the tip form's "which organisation?": the name in the sender's language and the
/// public symbols, cut from the guide's values, so the form shows nothing the guide would not.
struct TipOrganizationChoice: Sendable, Equatable {
    var id: Int
    var name: String
    var symbols: [Symbol]

    struct Symbol: Sendable, Equatable {
        var path: String
        var caption: String
    }

    static func from(_ entries: [PublicKnowledgeEntry], language: Language) -> [TipOrganizationChoice] {
        entries.map { entry in
            TipOrganizationChoice(
                id: entry.organizationID, name: entry.name(language),
                symbols: entry.symbols.compactMap { symbol in
                    GuideEntries.symbolPath(symbol.sha256).map {
                        Symbol(path: $0, caption: GuideEntries.text(symbol.caption, language)?.text ?? "")
                    }
                })
        }
    }
}
