import Fluent

/// The one door from the knowledge base to the public pages (the guide, its leaflet, the tip form's
/// choice): `PublicKnowledgeEntry` values of approved versions, public-safe fields only. Nothing in
/// `Core/Guides` or the guide's views reads a knowledge table itself.
enum GuideEntries {
    static func load(on db: any Database) async throws -> [PublicKnowledgeEntry] {
        let entries = try await KnowledgeBase.publicEntries(on: db)
        // A fixed order, so the guide, the leaflet and its cached PDF agree from one view to the next.
        return entries.sorted { $0.organizationID < $1.organizationID }
    }

    /// A text in `language`, or else in the first language that has one (Russian, Kyrgyz, English),
    /// with the language it is in, so the page can mark it (`lang`) rather than pass it off as translated.
    static func text(_ texts: [Language: String], _ language: Language) -> (text: String, language: Language)? {
        for candidate in [language, .ru, .ky, .en] {
            if let text = texts[candidate]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
                return (text, candidate)
            }
        }
        return nil
    }

    /// A symbol's image address, only for a well-formed SHA-256 (the value comes from a table, and it is
    /// put into a URL).
    static func symbolPath(_ sha256: String) -> String? {
        guard isSHA256(sha256) else { return nil }
        return "/knowledge/symbols/\(sha256.lowercased())"
    }

    static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }

    /// A link shown as a link only when it is plain http(s) to a real host; anything else stays text.
    static func safeLink(_ url: String?) -> String? {
        guard let url, TipInput.isAcceptableURL(url) else { return nil }
        return url
    }
}
