import Foundation

/// What a version of an entry says, as a value: the texts per language, the chosen ids and the
/// fields marked public-safe. The store writes it once; the views and the public cut read it.
struct KnowledgeContent: Sendable, Equatable {
    var ideology: [Language: String] = [:]
    var recruitment: [Language: String] = [:]
    var recognition: [Language: String] = [:]
    var publicSources: [PublicKnowledgeEntry.SourceLink] = []
    var counterMaterialIDs: [Int] = []
    /// The organisation's indicators the guide may quote: the phrases are the indicators, one list.
    var exampleIndicatorIDs: [Int] = []
    var symbolIDs: [Int] = []
    var publicFields: Set<KnowledgeField> = []
    var internalNotes: String = ""
}

/// The parts of a version that may be marked public-safe. Names, aliases, designation and legal
/// basis are always public: they are what the court published.
enum KnowledgeField: String, CaseIterable, Codable, Sendable, Hashable {
    case ideology, recruitment, recognition, examples, symbols
    case counterMaterials = "counter_materials"
    case publicSources = "public_sources"
}

/// draft → submitted → approved | rejected; an approved version becomes superseded when a later
/// one is approved.
enum KnowledgeEntryStatus: String, CaseIterable, Codable, Sendable {
    case draft, submitted, approved, rejected, superseded
}

/// JSON arrays stored as text, as elsewhere in the app; sorted keys so equal content stores equal text.
enum KnowledgeJSON {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
