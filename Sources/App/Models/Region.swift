import Fluent
import Foundation

// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Region: Model, @unchecked Sendable {
    static let schema = "regions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "code") var code: String
    @Field(key: "name_ky") var nameKy: String
    @Field(key: "name_ru") var nameRu: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "kind") var kind: String

    init() {}

    func name(_ language: Language) -> String {
        switch language {
        case .ky: nameKy
        case .ru: nameRu
        case .en: nameEn
        }
    }
}
