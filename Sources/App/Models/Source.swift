import Fluent
import Foundation

/// Something watched: a website, a feed, a channel or an account.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Source: Model, @unchecked Sendable {
    static let schema = "sources"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "kind") var kind: String
    /// What the analyst typed, kept verbatim.
    @Field(key: "address") var address: String
    /// The normalised URL or platform handle; unique, so one source is never registered twice.
    @Field(key: "identity") var identity: String
    @Field(key: "title") var title: String
    @OptionalParent(key: "region_id") var region: Region?
    @OptionalParent(key: "organization_id") var organization: Organization?
    @Field(key: "check_interval_minutes") var checkIntervalMinutes: Int
    @Field(key: "status") var status: String
    @Field(key: "found_by") var foundBy: String
    @OptionalField(key: "discovered_from_id") var discoveredFromID: Int?
    @Field(key: "notes") var notes: String
    /// Lower-cased names for search: SQLite's LIKE folds only ASCII, so folding happens here.
    @Field(key: "search_text") var searchText: String
    /// `CaptureMode`: how the source's pages are read (`http`, `browser`, `video`).
    @Field(key: "capture_mode") var captureMode: String
    @OptionalField(key: "last_checked_at") var lastCheckedAt: Date?
    @OptionalField(key: "next_check_at") var nextCheckAt: Date?
    @OptionalField(key: "created_by") var createdBy: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {
        captureMode = "http"
    }
}

enum SourceStatus: String, CaseIterable, Codable, Sendable {
    case active, paused, blocked, gone
}

enum SourceOrigin: String, CaseIterable, Codable, Sendable {
    case analyst, tip, discovered
}
