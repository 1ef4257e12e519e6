/// The interface languages. Kyrgyz first: it is the state language and the default.
enum Language: String, CaseIterable, Codable, Sendable {
    case ky
    case ru
    case en

    static let `default` = Language.ky

    /// The language's own name, shown in the switch regardless of the current language.
    var endonym: String {
        switch self {
        case .ky: "Кыргызча"
        case .ru: "Русский"
        case .en: "English"
        }
    }

    /// Picks from an Accept-Language header, honouring its order, falling back to Kyrgyz.
    static func negotiate(_ header: String?) -> Language {
        guard let header else { return .default }
        for part in header.split(separator: ",") {
            let tag = part.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            if let lang = Language(rawValue: primary) { return lang }
        }
        return .default
    }
}
