import Foundation
import Testing
import KaiguulCore

@testable import App

@Suite("Translation tables") struct TranslationTests {
    @Test func everyAreaHasEveryKeyInEveryLanguageAndNoKeyTwice() {
        var seen = Set(Strings.ky.keys)
        for area in Strings.areas {
            let keys = area.tables.values.reduce(into: Set<String>()) { $0.formUnion($1.keys) }
            for language in Language.allCases {
                let missing = keys.subtracting(Set(area.tables[language]?.keys.map { $0 } ?? [])).sorted()
                #expect(missing.isEmpty, "\(area.name) missing in \(language.rawValue): \(missing)")
            }
            let twice = keys.intersection(seen).sorted()
            #expect(twice.isEmpty, "\(area.name) redefines \(twice)")
            seen.formUnion(keys)
        }
    }

    @Test func everyKeyExistsInEveryLanguage() {
        let all = Translator.tables.values.reduce(into: Set<String>()) { $0.formUnion($1.keys) }
        for language in Language.allCases {
            let table = Translator.tables[language] ?? [:]
            let missing = all.subtracting(table.keys).sorted()
            #expect(missing.isEmpty, "missing in \(language.rawValue): \(missing)")
            let empty = table.filter { $0.value.trimmingCharacters(in: .whitespaces).isEmpty }.keys.sorted()
            #expect(empty.isEmpty, "empty in \(language.rawValue): \(empty)")
        }
    }

    @Test func placeholdersMatchAcrossLanguages() {
        func placeholders(_ s: String) -> Set<String> {
            var out = Set<String>()
            var rest = Substring(s)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                out.insert(String(rest[open...close]))
                rest = rest[rest.index(after: close)...]
            }
            return out
        }
        for (key, en) in Translator.tables[.en] ?? [:] {
            #expect(placeholders(Translator.tables[.ky]?[key] ?? "") == placeholders(en), "ky \(key)")
            #expect(placeholders(Translator.tables[.ru]?[key] ?? "") == placeholders(en), "ru \(key)")
        }
    }

    /// Every literal key the code looks up must be in the tables, or a person would see the key.
    @Test func everyKeyUsedInTheCodeIsTranslated() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/App")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && !$0.path.contains("/Translations/") } ?? []
        #expect(!files.isEmpty)
        let pattern = try NSRegularExpression(pattern: #"\bt\("([a-z_]+\.[a-z_.]+)""#)
        // Audit action names (`action: "source.create"`) look like keys but are not shown as text.
        let keyLiteral = try NSRegularExpression(pattern: #"(?<!action: )"((?:error|login|source|org|user|account|audit|dash|nav|app|action|form|list|paging|filter|region|case|block|court|document|expert|tip|volunteer|group|training|material|distribution|report|capture|item|candidate|signal|media|decision)\.[a-z_.]+)""#)
        var used = Set<String>()
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for regex in [pattern, keyLiteral] {
                for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    if let r = Range(m.range(at: 1), in: text) { used.insert(String(text[r])) }
                }
            }
        }
        let ignored: Set<String> = ["app.css", "app.js", "kaiguul.sqlite", "openapi.yaml", "report.md", "cases.csv", "programme.csv", "decision.pdf"]
        let missing = used.subtracting(ignored).filter { Translator.tables[.en]?[$0] == nil }.sorted()
        #expect(missing.isEmpty, "used but not translated: \(missing)")
        #expect(used.count > 100)
    }

    @Test func composedKeysForEveryEnumAreTranslated() {
        var keys: [String] = []
        keys += Role.allCases.map { "role." + $0.rawValue }
        keys += SourceKind.allCases.map { "source_kind." + $0.rawValue }
        keys += SourceStatus.allCases.map { "source_status." + $0.rawValue }
        keys += SourceOrigin.allCases.map { "source_origin." + $0.rawValue }
        keys += Designation.allCases.map { "designation." + $0.rawValue }
        keys += OrganizationStatus.allCases.map { "org_status." + $0.rawValue }
        keys += ["region_kind.oblast", "region_kind.city"]
        keys += Layout.navigation.map(\.key)
        for key in keys {
            for language in Language.allCases {
                #expect(Translator.tables[language]?[key] != nil, "\(language.rawValue): \(key)")
            }
        }
    }
}
