import Crypto
import Foundation
import KaiguulCore

/// A MISP feed event as Kaiguul writes it: what PyMISP's `MISPEvent.to_feed()` would write for the
/// same content (the fields a MISP instance reads when it pulls a feed), built without PyMISP.
public struct MISPEvent: Sendable, Hashable {
    public var uuid: String
    public var info: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var timestamp: Date
    public var tags: [String]
    public var attributes: [MISPAttribute]
    public var objects: [MISPObject]

    public init(uuid: String, info: String, date: String, timestamp: Date, tags: [String],
                attributes: [MISPAttribute], objects: [MISPObject]) {
        self.uuid = uuid
        self.info = info
        self.date = date
        self.timestamp = timestamp
        self.tags = tags
        self.attributes = attributes
        self.objects = objects
    }

    /// The publishing organisation, as every event and the manifest name it.
    public struct Organisation: Sendable, Hashable {
        public var name: String
        public var uuid: String
        public init(name: String, uuid: String) {
            self.name = name
            self.uuid = uuid
        }
        var json: JSONValue { ["name": .string(name), "uuid": .string(uuid)] }
    }

    /// MISP: analysis 2 is "completed" (a court has decided), threat level 2 is "medium".
    static let analysis = "2"
    static let threatLevel = "2"

    static func epoch(_ date: Date) -> String { String(Int64(date.timeIntervalSince1970.rounded(.down))) }

    static func tagList(_ names: [String]) -> JSONValue {
        .array(names.map { .object(["name": .string($0), "colour": .string(MISPTags.colour($0))]) })
    }

    /// `{"Event": {...}}`, the content of `<uuid>.json`.
    public func feedJSON(org: Organisation) -> JSONValue {
        let event: JSONValue = [
            "uuid": .string(uuid), "info": .string(info), "date": .string(date),
            "analysis": .string(Self.analysis), "threat_level_id": .string(Self.threatLevel),
            "timestamp": .string(Self.epoch(timestamp)), "publish_timestamp": .string(Self.epoch(timestamp)),
            "published": true, "Orgc": org.json, "Tag": Self.tagList(tags),
            "Attribute": .array(attributes.map(\.feedJSON)),
            "Object": .array(objects.map(\.feedJSON)),
        ]
        return ["Event": event]
    }

    /// This event's entry in `manifest.json`.
    public func manifestEntry(org: Organisation) -> JSONValue {
        ["Orgc": org.json, "Tag": Self.tagList(tags), "info": .string(info), "date": .string(date),
         "analysis": .string(Self.analysis), "threat_level_id": .string(Self.threatLevel),
         "timestamp": .string(Self.epoch(timestamp))]
    }

    /// MD5 of every attribute value (each part of a composite one), as MISP reads `hashes.csv`.
    public var valueHashes: [String] {
        (attributes + objects.flatMap(\.attributes)).flatMap { attribute in
            (attribute.type.contains("|") ? attribute.value.split(separator: "|").map(String.init) : [attribute.value])
                .map { Insecure.MD5.hash(data: Data($0.utf8)).map { String(format: "%02x", $0) }.joined() }
        }
    }
}

public struct MISPAttribute: Sendable, Hashable {
    public var uuid: String
    /// `domain`, `url`, `sha256`, `md5`, `text`, ...
    public var type: String
    public var category: String
    public var value: String
    public var toIDs: Bool
    public var comment: String
    public var timestamp: Date
    public var tags: [String]
    /// Inside an object: the template's relation (`sha256`, `pdq`).
    public var objectRelation: String?

    public init(uuid: String, type: String, category: String, value: String, toIDs: Bool, comment: String,
                timestamp: Date, tags: [String], objectRelation: String? = nil) {
        self.uuid = uuid
        self.type = type
        self.category = category
        self.value = value
        self.toIDs = toIDs
        self.comment = comment
        self.timestamp = timestamp
        self.tags = tags
        self.objectRelation = objectRelation
    }

    var feedJSON: JSONValue {
        var members: [String: JSONValue] = [
            "uuid": .string(uuid), "type": .string(type), "category": .string(category), "value": .string(value),
            "to_ids": .bool(toIDs), "comment": .string(comment), "timestamp": .string(MISPEvent.epoch(timestamp)),
            "disable_correlation": false, "deleted": false,
        ]
        if let objectRelation { members["object_relation"] = .string(objectRelation) }
        if !tags.isEmpty { members["Tag"] = MISPEvent.tagList(tags) }
        return .object(members)
    }
}

public struct MISPObject: Sendable, Hashable {
    public var uuid: String
    public var name: String
    public var metaCategory: String
    public var description: String
    public var templateUUID: String
    public var templateVersion: String
    public var timestamp: Date
    public var comment: String
    public var attributes: [MISPAttribute]

    public init(uuid: String, name: String, metaCategory: String, description: String, templateUUID: String,
                templateVersion: String, timestamp: Date, comment: String, attributes: [MISPAttribute]) {
        self.uuid = uuid
        self.name = name
        self.metaCategory = metaCategory
        self.description = description
        self.templateUUID = templateUUID
        self.templateVersion = templateVersion
        self.timestamp = timestamp
        self.comment = comment
        self.attributes = attributes
    }

    var feedJSON: JSONValue {
        ["uuid": .string(uuid), "name": .string(name), "meta-category": .string(metaCategory),
         "description": .string(description), "template_uuid": .string(templateUUID),
         "template_version": .string(templateVersion), "timestamp": .string(MISPEvent.epoch(timestamp)),
         "comment": .string(comment), "deleted": false, "Attribute": .array(attributes.map(\.feedJSON))]
    }
}
