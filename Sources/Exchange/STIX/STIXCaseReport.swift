import Foundation

/// A case as a `report` of what it led to: its block orders' indicators and relationships and the
/// observations of its captures. A case with none of these has nothing to report and no object.
public struct STIXCase: Sendable, Hashable {
    public var id: Int
    public var title: String
    public var createdAt: Date
    /// The first block order's issue.
    public var published: Date
    public var objectRefs: [String]

    public init(id: Int, title: String, createdAt: Date, published: Date, objectRefs: [String]) {
        self.id = id
        self.title = title
        self.createdAt = createdAt
        self.published = published
        self.objectRefs = objectRefs
    }

    public var subject: String { "case:\(id)" }
}

extension STIXProducer {
    public func reportID(case id: Int) -> String { ids.object("report", "case:\(id)") }

    public func report(_ record: STIXCase) -> JSONValue? {
        guard !record.objectRefs.isEmpty else { return nil }
        var object = base("report", id: reportID(case: record.id), created: record.createdAt, modified: record.createdAt)
        object["name"] = .string("Case \(record.id): \(record.title)")
        object["report_types"] = ["indicator"]
        object["published"] = .string(STIXTimestamp.string(record.published))
        object["object_refs"] = .strings(record.objectRefs)
        return .object(object)
    }
}
