import Fluent
import Foundation

/// A banned organisation, as named by the court decision that banned it.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "name_ky") var nameKy: String
    @Field(key: "name_ru") var nameRu: String
    @Field(key: "name_en") var nameEn: String
    /// One alias per line, verbatim as the analyst typed them.
    @Field(key: "aliases") var aliases: String
    @Field(key: "designation") var designation: String
    @Field(key: "court") var court: String
    @Field(key: "decision_number") var decisionNumber: String
    @OptionalField(key: "decision_date") var decisionDate: String?
    @Field(key: "status") var status: String
    @Field(key: "notes") var notes: String
    /// Lower-cased names for search: SQLite's LIKE folds only ASCII, so folding happens here.
    @Field(key: "search_text") var searchText: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    func name(_ language: Language) -> String {
        let preferred: String
        switch language {
        case .ky: preferred = nameKy
        case .ru: preferred = nameRu
        case .en: preferred = nameEn
        }
        if !preferred.isEmpty { return preferred }
        return [nameRu, nameKy, nameEn].first { !$0.isEmpty } ?? "#\(id ?? 0)"
    }

    var aliasList: [String] {
        aliases.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

enum Designation: String, CaseIterable, Codable, Sendable {
    case extremist
    case terrorist
}

enum OrganizationStatus: String, CaseIterable, Codable, Sendable {
    case banned
    case lifted
}
