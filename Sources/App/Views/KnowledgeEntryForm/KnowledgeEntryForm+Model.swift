import Fluent
import Vapor

enum KnowledgeEntryForm {
    struct Model {
        var organization: Organization
        var values: KnowledgeInput.Raw
        var errors: [String: AppError]
        /// What may be chosen: the organisation's live indicators (its phrases), its symbols, the counter-materials.
        var indicators: [IndicatorRecord]
        var symbols: [KnowledgeSymbol]
        var materials: [CounterMaterial]
        var csrf: String
    }

    /// The form offers at most this many counter-materials, newest first.
    static let materialChoices = 300

    static func query(organizationID: Int, values: KnowledgeInput.Raw, errors: [String: AppError], csrf: String,
                      on db: any Database) async throws -> Model? {
        guard let org = try await Organization.find(organizationID, on: db) else { return nil }
        let indicators = try await IndicatorRecord.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$retiredAt == nil).sort(\.$id).limit(KnowledgeInput.maxChosen).all()
        let symbols = try await KnowledgeSymbols.forOrganization(organizationID, publicOnly: false, on: db)
        let materials = try await CounterMaterial.query(on: db).sort(\.$id, .descending).limit(materialChoices).all()
        return Model(organization: org, values: values, errors: errors, indicators: indicators, symbols: symbols,
                     materials: materials, csrf: csrf)
    }

    /// The form's values from a version's content (the pre-fill of a new version).
    static func values(from c: KnowledgeContent?) -> KnowledgeInput.Raw {
        guard let c else { return KnowledgeInput.Raw() }
        return KnowledgeInput.Raw(
            ideology_ky: c.ideology[.ky], ideology_ru: c.ideology[.ru], ideology_en: c.ideology[.en],
            recruitment_ky: c.recruitment[.ky], recruitment_ru: c.recruitment[.ru], recruitment_en: c.recruitment[.en],
            recognition_ky: c.recognition[.ky], recognition_ru: c.recognition[.ru], recognition_en: c.recognition[.en],
            public_sources: c.publicSources.map { "\($0.title) | \($0.url)" }.joined(separator: "\n"),
            counter_material_ids: c.counterMaterialIDs.map(String.init),
            example_indicator_ids: c.exampleIndicatorIDs.map(String.init),
            symbol_ids: c.symbolIDs.map(String.init),
            public_fields: KnowledgeField.allCases.filter(c.publicFields.contains).map(\.rawValue),
            internal_notes: c.internalNotes, submit: nil)
    }
}
