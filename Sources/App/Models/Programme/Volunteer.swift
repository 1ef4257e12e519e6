import Fluent
import Foundation

// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Volunteer: Model, @unchecked Sendable {
    static let schema = "volunteers"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    /// Sealed (`Volunteer+Person`): read it with `person(_:)`, never show it as it stands.
    @Field(key: "name") var name: String
    @OptionalParent(key: "region_id") var region: Region?
    @Field(key: "district") var district: String
    @Field(key: "age_band") var ageBand: String
    /// Phone or messenger handle, sealed; shown to coordinators and admins only, masked in lists.
    @Field(key: "contact") var contact: String
    /// This record's data key, wrapped (`RecordKey`); nil on a row from before sealing, and once erased.
    @OptionalField(key: "data_key") var dataKey: String?
    /// HMAC of the normalised contact (`ContactHash`): how a coordinator finds a volunteer by contact.
    @OptionalField(key: "contact_hash") var contactHash: String?
    /// `YYYY-MM-DD` the volunteer left the programme; retention erases the record some time after.
    @OptionalField(key: "left_on") var leftOn: String?
    /// When name and contact were erased (retention or the person's request); the row stays, so
    /// past figures (groups, trainings) stay the same.
    @OptionalField(key: "erased_at") var erasedAt: Date?
    /// The volunteer-role login this record belongs to, if any; one login has at most one record (unique index, 008).
    @OptionalField(key: "user_id") var userID: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

enum AgeBand: String, CaseIterable, Codable, Sendable {
    case under18 = "14-17"
    case young = "18-24"
    case adult = "25-35"
    case older = "36+"
}

// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class VolunteerGroup: Model, @unchecked Sendable {
    static let schema = "volunteer_groups"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    @OptionalParent(key: "region_id") var region: Region?
    @Field(key: "messenger") var messenger: String
    @OptionalField(key: "coordinator_id") var coordinatorID: Int?
    /// `ky`, `ru` or `en` (008, default `ky`): the language of the ready message sent to the group's chat.
    @Field(key: "language") var language: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// The group's language as a value; an unknown stored code reads as the default.
    var chatLanguage: Language { Language(rawValue: language) ?? .default }

    /// Groups are meant to stay small enough to coordinate in one messenger chat.
    static let recommendedMaximum = 35
}

enum Messenger: String, CaseIterable, Codable, Sendable {
    case whatsapp, telegram, other
}

// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class GroupMember: Model, @unchecked Sendable {
    static let schema = "group_members"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "group_id") var group: VolunteerGroup
    @Parent(key: "volunteer_id") var volunteer: Volunteer
    @OptionalField(key: "joined_at") var joinedAt: Date?

    init() {}
}
