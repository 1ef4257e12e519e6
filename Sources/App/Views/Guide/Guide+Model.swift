import Foundation

/// The public "recognise and report" guide: one section per banned organisation, cut only from
/// `PublicKnowledgeEntry` values (approved versions, public-safe fields).
enum Guide {
    struct Model: Sendable {
        var entries: [PublicKnowledgeEntry]
        var language: Language
    }

    /// `?lang=` when it names an interface language, else the reader's language.
    static func language(_ query: String?, fallback: Language) -> Language {
        query.flatMap { Language(rawValue: $0.lowercased()) } ?? fallback
    }

    /// No propaganda beyond short quoted phrases: a longer "phrase" is not quoted at all, and at most
    /// `maxExamples` are.
    static let maxExampleLength = 80
    static let maxExamples = 6

    static func quotable(_ phrases: [String]) -> [String] {
        var seen = Set<String>()
        var quoted: [String] = []
        for phrase in phrases.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }) where quoted.count < maxExamples {
            if !phrase.isEmpty, phrase.count <= maxExampleLength, seen.insert(phrase.lowercased()).inserted { quoted.append(phrase) }
        }
        return quoted
    }

    /// The tip form with the organisation chosen, in the guide's language.
    static func reportPath(_ organizationID: Int, _ language: Language) -> String {
        "/tip?organization=\(organizationID)&lang=\(language.rawValue)"
    }

    /// What never to share and how to report, the same on the page and on the leaflet.
    static let neverKeys = ["guide.never.repost", "guide.never.copies", "guide.never.contact", "guide.never.people"]
    static let howKeys = ["guide.how.copy", "guide.how.form", "guide.how.reference"]

    static func designationKey(_ designation: String) -> String? {
        Designation(rawValue: designation).map { "guide.designation.\($0.rawValue)" }
    }
}
