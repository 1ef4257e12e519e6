import Fluent
import Foundation

// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Training: Model, @unchecked Sendable {
    static let schema = "trainings"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: String
    @Field(key: "held_on") var heldOn: String
    @Field(key: "place") var place: String
    @Field(key: "topic") var topic: String
    @Field(key: "trainers") var trainers: String
    @OptionalParent(key: "region_id") var region: Region?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

enum TrainingKind: String, CaseIterable, Codable, Sendable {
    case largeSeminar = "large_seminar"
    case regionalTraining = "regional_training"
    case staffCourse = "staff_course"
}

// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class TrainingAttendance: Model, @unchecked Sendable {
    static let schema = "training_attendance"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Parent(key: "training_id") var training: Training
    @OptionalParent(key: "volunteer_id") var volunteer: Volunteer?
    @OptionalField(key: "staff_name") var staffName: String?

    init() {}
}
