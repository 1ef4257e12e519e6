import Fluent
import Foundation

/// One version of a unit of content (post, entry, video, page). A changed text is a new row with
/// the next version; a vanished one gets `gone_at` on its latest version.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Item: Model, @unchecked Sendable {
    static let schema = "items"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "source_id") var sourceID: Int
    @OptionalField(key: "capture_id") var captureID: Int?
    @Field(key: "item_key") var itemKey: String
    @OptionalField(key: "platform_id") var platformID: String?
    @OptionalField(key: "permalink") var permalink: String?
    @OptionalField(key: "author_handle") var authorHandle: String?
    @OptionalField(key: "published_at") var publishedAt: Date?
    @Field(key: "text") var text: String
    @OptionalField(key: "language") var language: String?
    /// JSON array of `StoredMedia`.
    @Field(key: "media") var media: String
    @Field(key: "version") var version: Int
    @OptionalField(key: "gone_at") var goneAt: Date?
    @OptionalField(key: "title") var title: String?
    @OptionalField(key: "content_sha256") var contentSHA256: String?
    @OptionalField(key: "details") var details: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A media file an item showed, as downloaded (or why it was not).
struct StoredMedia: Codable, Sendable, Hashable {
    var url: String
    var sha256: String?
    var size: Int?
    var contentType: String?
    var captureID: Int?
    var error: String?

    static func decodeList(_ json: String) -> [StoredMedia] {
        (try? JSONDecoder().decode([StoredMedia].self, from: Data(json.utf8))) ?? []
    }

    /// JSON with sorted keys; pass an encoder to reuse one over many items.
    static func encodeList(_ list: [StoredMedia], with encoder: JSONEncoder? = nil) -> String {
        if list.isEmpty { return "[]" }
        let encoder = encoder ?? {
            let fresh = JSONEncoder()
            fresh.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return fresh
        }()
        return (try? encoder.encode(list)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}
