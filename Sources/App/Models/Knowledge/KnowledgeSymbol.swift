import Fluent
import Foundation

/// A symbol or logo of a banned organisation (`knowledge_symbols`): the image by SHA-256 in the blob
/// store, its caption per language, whether the public guide may show it, and the media-bank entry
/// its PDQ hash made. Written once at upload.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class KnowledgeSymbol: Model, @unchecked Sendable {
    static let schema = "knowledge_symbols"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "organization_id") var organizationID: Int
    /// Lowercase hex of the uploaded bytes.
    @Field(key: "sha256") var sha256: String
    @Field(key: "media_type") var mediaType: String
    @Field(key: "width") var width: Int
    @Field(key: "height") var height: Int
    @Field(key: "caption_ky") var captionKy: String
    @Field(key: "caption_ru") var captionRu: String
    @Field(key: "caption_en") var captionEn: String
    @Field(key: "public") var isPublic: Bool
    /// Lowercase hex of the image's PDQ hash.
    @Field(key: "pdq") var pdq: String
    @Field(key: "pdq_quality") var pdqQuality: Int
    @OptionalField(key: "bank_entry_id") var bankEntryID: Int?
    @OptionalField(key: "created_by") var createdBy: Int?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var captions: [Language: String] { [.ky: captionKy, .ru: captionRu, .en: captionEn] }

    /// The caption in `language`, else the first other one written.
    func caption(_ language: Language) -> String {
        if let own = captions[language], !own.isEmpty { return own }
        return [captionRu, captionKy, captionEn].first { !$0.isEmpty } ?? ""
    }
}
