import Foundation

/// Looks strings up in the translation tables. A key missing from a table shows as the key
/// itself, so the gap is visible; `TranslationTests` fails the build's tests before that ships.
struct Translator: Sendable {
    let language: Language

    /// The foundation's tables plus each area's (`Strings.areas`), merged once.
    static let tables: [Language: [String: String]] = {
        var merged: [Language: [String: String]] = [.ky: Strings.ky, .ru: Strings.ru, .en: Strings.en]
        for area in Strings.areas {
            for (language, table) in area.tables {
                merged[language, default: [:]].merge(table) { first, _ in first }
            }
        }
        return merged
    }()

    func callAsFunction(_ key: String) -> String {
        Self.tables[language]?[key] ?? key
    }

    /// Fills `{name}` placeholders. Values are inserted as text; escaping is the view's job.
    func callAsFunction(_ key: String, _ values: [String: String]) -> String {
        var text = self(key)
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }
}

/// The namespace the per-language tables extend (`Strings+ky.swift`, …). Each area of the
/// application (cases, monitoring, programme) keeps its own strings in one `Area` value.
enum Strings {
    struct Area: Sendable {
        var name: String
        var tables: [Language: [String: String]]
    }

    static let areas: [Area] = [cases, monitoring, programme, analysis, evidence, triage, indicators, packages, custody, verification, timestamps, keys, accounts, lists, forms, figures, layout, home, tips, materials, volunteers, auditDetails, capture, sharing, banks, transparency, probes, mirrors, blockVerification, symbols, guide, curriculum, knowledge, privacy, retention, datakeys, contacts, personalData]
}
