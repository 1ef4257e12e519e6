import Fluent
import Foundation

/// One unit of the curriculum: what a session teaches. The organisations and counter-materials it
/// covers and its materials are kept as JSON arrays in text, as elsewhere in the app; which sessions
/// use it is `training_session_modules`.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class TrainingModule: Model, @unchecked Sendable {
    static let schema = "training_modules"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "title_ky") var titleKy: String
    @Field(key: "title_ru") var titleRu: String
    @Field(key: "title_en") var titleEn: String
    @Field(key: "audience") var audience: String
    /// The language the module is taught in (`Language`).
    @Field(key: "language") var language: String
    @Field(key: "duration_minutes") var durationMinutes: Int
    /// JSON array of `organizations` ids.
    @Field(key: "organization_ids") var organizationIDs: String
    /// JSON array of `counter_materials` ids.
    @Field(key: "counter_material_ids") var counterMaterialIDs: String
    /// JSON array of `CurriculumMaterial`: links, or files stored by SHA-256 in the blob store.
    @Field(key: "materials") var materials: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// The title in the reader's language; a module typed in one language only still shows.
    func title(_ language: Language) -> String {
        let preferred = switch language {
        case .ky: titleKy
        case .ru: titleRu
        case .en: titleEn
        }
        return [preferred, titleKy, titleRu, titleEn].first { !$0.isEmpty } ?? ""
    }
}

enum TrainingModuleAudience: String, CaseIterable, Codable, Sendable {
    case volunteers
    case youngLeaders = "young_leaders"
    case staff
}
