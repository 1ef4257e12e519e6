import Fluent
import Foundation

/// Counter-propaganda: a video, article, image or audio, approved before it is distributed.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class CounterMaterial: Model, @unchecked Sendable {
    static let schema = "counter_materials"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: String
    /// Language codes, comma separated (ky,ru).
    @Field(key: "languages") var languages: String
    @Field(key: "topics") var topics: String
    @OptionalField(key: "url") var url: String?
    @OptionalField(key: "sha256") var sha256: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "created_by") var createdBy: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

enum CounterMaterialKind: String, CaseIterable, Codable, Sendable {
    case video, article, image, audio
}

enum CounterMaterialStatus: String, CaseIterable, Codable, Sendable {
    case draft, approved, retired
}

/// One hand-out of a material to a group or channel, with its tracked short link.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Distribution: Model, @unchecked Sendable {
    static let schema = "distributions"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "material_id") var material: CounterMaterial
    @OptionalParent(key: "group_id") var group: VolunteerGroup?
    @OptionalField(key: "channel") var channel: String?
    @Field(key: "distributed_on") var distributedOn: String
    @OptionalField(key: "recorded_by") var recordedBy: Int?
    @Field(key: "code") var code: String
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
