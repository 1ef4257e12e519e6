import Foundation
import Testing
import KaiguulCore

@testable import App

@Suite("Translation tables") struct TranslationTests {
    @Test func everyKeyExistsInEveryLanguage() {
        let all = Set(Strings.ky.keys).union(Strings.ru.keys).union(Strings.en.keys)
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
        for (key, en) in Strings.en {
            #expect(placeholders(Strings.ky[key] ?? "") == placeholders(en), "ky \(key)")
            #expect(placeholders(Strings.ru[key] ?? "") == placeholders(en), "ru \(key)")
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
        let keyLiteral = try NSRegularExpression(pattern: #"(?<!action: )"((?:error|login|source|org|user|account|audit|dash|nav|app|action|form|list|paging|filter|region)\.[a-z_.]+)""#)
        var used = Set<String>()
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for regex in [pattern, keyLiteral] {
                for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    if let r = Range(m.range(at: 1), in: text) { used.insert(String(text[r])) }
                }
            }
        }
        let ignored: Set<String> = ["app.css", "kaiguul.sqlite", "openapi.yaml"]
        let missing = used.subtracting(ignored).filter { Strings.en[$0] == nil }.sorted()
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
