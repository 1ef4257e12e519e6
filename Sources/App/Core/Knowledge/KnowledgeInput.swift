import Foundation
import Vapor

/// A new version as typed in the form, validated: every text bounded, sources as `title | URL`
/// lines with an http(s) address, chosen ids as numbers. Whether the ids name rows of this
/// organisation is the store's check, inside its transaction.
struct KnowledgeInput: Sendable {
    var content: KnowledgeContent
    /// Submit for approval at once rather than keep as a draft.
    var submit: Bool

    struct Raw: Content {
        var ideology_ky: String?
        var ideology_ru: String?
        var ideology_en: String?
        var recruitment_ky: String?
        var recruitment_ru: String?
        var recruitment_en: String?
        var recognition_ky: String?
        var recognition_ru: String?
        var recognition_en: String?
        var public_sources: String?
        var counter_material_ids: [String]?
        var example_indicator_ids: [String]?
        var symbol_ids: [String]?
        var public_fields: [String]?
        var internal_notes: String?
        var submit: String?
    }

    static let maxText = 8_000
    static let maxSources = 30
    static let maxChosen = 200
    static let maxURL = 2_000

    static func validate(_ raw: Raw) throws -> KnowledgeInput {
        var errors: [String: AppError] = [:]
        func texts(_ base: String, _ ky: String?, _ ru: String?, _ en: String?) -> [Language: String] {
            [.ky: FieldRules.text(ky, field: "\(base)_ky", max: maxText, into: &errors),
             .ru: FieldRules.text(ru, field: "\(base)_ru", max: maxText, into: &errors),
             .en: FieldRules.text(en, field: "\(base)_en", max: maxText, into: &errors)]
        }
        var c = KnowledgeContent()
        c.ideology = texts("ideology", raw.ideology_ky, raw.ideology_ru, raw.ideology_en)
        c.recruitment = texts("recruitment", raw.recruitment_ky, raw.recruitment_ru, raw.recruitment_en)
        c.recognition = texts("recognition", raw.recognition_ky, raw.recognition_ru, raw.recognition_en)
        c.internalNotes = FieldRules.text(raw.internal_notes, field: "internal_notes", max: maxText, into: &errors)
        let sourceText = FieldRules.text(raw.public_sources, field: "public_sources", max: 40_000, into: &errors)
        if errors["public_sources"] == nil {
            do { c.publicSources = try sources(sourceText) } catch let e as AppError { errors["public_sources"] = e }
        }
        c.counterMaterialIDs = ids(raw.counter_material_ids, field: "counter_material_ids", into: &errors)
        c.exampleIndicatorIDs = ids(raw.example_indicator_ids, field: "example_indicator_ids", into: &errors)
        c.symbolIDs = ids(raw.symbol_ids, field: "symbol_ids", into: &errors)
        var fields = Set<KnowledgeField>()
        for value in raw.public_fields ?? [] {
            guard let field = KnowledgeField(rawValue: value) else {
                errors["public_fields"] = .invalid("public_fields", "error.unknown_value")
                continue
            }
            fields.insert(field)
        }
        c.publicFields = fields
        guard errors.isEmpty else { throw FormErrors(errors: errors) }
        return KnowledgeInput(content: c, submit: raw.submit == "1")
    }

    /// One source per line: `title | https://…`. A line without an address is refused: a public
    /// source the reader cannot open is no source.
    static func sources(_ text: String) throws -> [PublicKnowledgeEntry.SourceLink] {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.count <= maxSources else {
            throw AppError.invalid("public_sources", "error.too_many", ["max": String(maxSources)])
        }
        return try lines.map { line in
            guard let bar = line.lastIndex(of: "|") else {
                throw AppError.invalid("public_sources", "knowledge.error.source_line", ["line": String(line.prefix(80))])
            }
            let title = line[..<bar].trimmingCharacters(in: .whitespaces)
            let url = line[line.index(after: bar)...].trimmingCharacters(in: .whitespaces)
            guard !title.isEmpty, title.count <= 300, url.count <= maxURL, let parsed = URL(string: url),
                  let scheme = parsed.scheme?.lowercased(), scheme == "https" || scheme == "http",
                  let host = parsed.host, !host.isEmpty
            else {
                throw AppError.invalid("public_sources", "knowledge.error.source_line", ["line": String(line.prefix(80))])
            }
            return PublicKnowledgeEntry.SourceLink(title: title, url: url)
        }
    }

    private static func ids(_ raw: [String]?, field: String, into errors: inout [String: AppError]) -> [Int] {
        let values = raw ?? []
        guard values.count <= maxChosen else {
            errors[field] = .invalid(field, "error.too_many", ["max": String(maxChosen)])
            return []
        }
        let ids = values.compactMap { $0.count <= 18 ? Int($0) : nil }.filter { $0 >= 1 }
        guard ids.count == values.count else {
            errors[field] = .invalid(field, "error.unknown_value")
            return []
        }
        var seen = Set<Int>()
        return ids.filter { seen.insert($0).inserted }
    }
}
