/// What may leave the staff's pages: an approved version's public-safe fields only.
/// The guide, the leaflet and the tip form read this value and nothing else of the knowledge base,
/// so a field that is not here cannot leak into a public page.
struct PublicKnowledgeEntry: Sendable, Equatable {
    var organizationID: Int
    /// The approved version this value was cut from.
    var version: Int
    /// Official names per language, from the organisation's row (the court's wording).
    var names: [Language: String]
    var aliases: [String]
    /// "extremist" | "terrorist" (`Designation.rawValue`).
    var designation: String
    /// Court, decision number and date as one line.
    var legalBasis: String
    /// Empty when the version does not mark the field public-safe.
    var ideology: [Language: String]
    var recruitment: [Language: String]
    /// What its material looks like (for the guide).
    var recognition: [Language: String]
    /// Short phrases from the organisation's indicators that the version chose as quotable examples.
    var examplePhrases: [String]
    /// Public symbols only; a non-public symbol never reaches this value.
    var symbols: [Symbol]
    var counterMaterials: [CounterLink]
    var publicSources: [SourceLink]

    /// The organisation's name in `language`, falling back to the others when that one is empty.
    func name(_ language: Language) -> String {
        if let own = names[language], !own.isEmpty { return own }
        return [Language.ru, .ky, .en].compactMap { names[$0] }.first { !$0.isEmpty } ?? "#\(organizationID)"
    }

    struct Symbol: Sendable, Equatable {
        /// Row id in `knowledge_symbols`.
        var id: Int
        /// The image's SHA-256 (hex); its image is served at `/knowledge/symbols/<sha256>`.
        var sha256: String
        var caption: [Language: String]
    }

    struct CounterLink: Sendable, Equatable {
        var title: String
        var url: String?
    }

    struct SourceLink: Sendable, Equatable, Codable {
        var title: String
        var url: String
    }
}
