import Fluent
import Foundation

/// One version of a banned organisation's knowledge-base entry (`knowledge_entries`). The content
/// columns are written once; after submission only the decision columns change (`KnowledgeStore`).
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class KnowledgeEntry: Model, @unchecked Sendable {
    static let schema = "knowledge_entries"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    @Field(key: "version") var version: Int
    @Field(key: "status") var status: String
    @Field(key: "ideology_ky") var ideologyKy: String
    @Field(key: "ideology_ru") var ideologyRu: String
    @Field(key: "ideology_en") var ideologyEn: String
    @Field(key: "recruitment_ky") var recruitmentKy: String
    @Field(key: "recruitment_ru") var recruitmentRu: String
    @Field(key: "recruitment_en") var recruitmentEn: String
    @Field(key: "recognition_ky") var recognitionKy: String
    @Field(key: "recognition_ru") var recognitionRu: String
    @Field(key: "recognition_en") var recognitionEn: String
    @Field(key: "public_sources") var publicSources: String
    @Field(key: "counter_material_ids") var counterMaterialIDs: String
    @Field(key: "example_indicator_ids") var exampleIndicatorIDs: String
    @Field(key: "symbol_ids") var symbolIDs: String
    @Field(key: "public_fields") var publicFields: String
    @Field(key: "internal_notes") var internalNotes: String
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "submitted_by") var submittedBy: Int?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: Int?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "decision_note") var decisionNote: String

    init() {}

    var state: KnowledgeEntryStatus { KnowledgeEntryStatus(rawValue: status) ?? .draft }

    /// The stored content as a value (the form's pre-fill, the view, the public cut).
    var content: KnowledgeContent {
        KnowledgeContent(
            ideology: [.ky: ideologyKy, .ru: ideologyRu, .en: ideologyEn],
            recruitment: [.ky: recruitmentKy, .ru: recruitmentRu, .en: recruitmentEn],
            recognition: [.ky: recognitionKy, .ru: recognitionRu, .en: recognitionEn],
            publicSources: KnowledgeJSON.decode([PublicKnowledgeEntry.SourceLink].self, publicSources) ?? [],
            counterMaterialIDs: KnowledgeJSON.decode([Int].self, counterMaterialIDs) ?? [],
            exampleIndicatorIDs: KnowledgeJSON.decode([Int].self, exampleIndicatorIDs) ?? [],
            symbolIDs: KnowledgeJSON.decode([Int].self, symbolIDs) ?? [],
            publicFields: Set((KnowledgeJSON.decode([String].self, publicFields) ?? []).compactMap(KnowledgeField.init(rawValue:))),
            internalNotes: internalNotes)
    }

    func apply(_ c: KnowledgeContent) {
        ideologyKy = c.ideology[.ky] ?? ""
        ideologyRu = c.ideology[.ru] ?? ""
        ideologyEn = c.ideology[.en] ?? ""
        recruitmentKy = c.recruitment[.ky] ?? ""
        recruitmentRu = c.recruitment[.ru] ?? ""
        recruitmentEn = c.recruitment[.en] ?? ""
        recognitionKy = c.recognition[.ky] ?? ""
        recognitionRu = c.recognition[.ru] ?? ""
        recognitionEn = c.recognition[.en] ?? ""
        publicSources = KnowledgeJSON.encode(c.publicSources)
        counterMaterialIDs = KnowledgeJSON.encode(c.counterMaterialIDs)
        exampleIndicatorIDs = KnowledgeJSON.encode(c.exampleIndicatorIDs)
        symbolIDs = KnowledgeJSON.encode(c.symbolIDs)
        publicFields = KnowledgeJSON.encode(KnowledgeField.allCases.filter(c.publicFields.contains).map(\.rawValue))
        internalNotes = c.internalNotes
    }
}
