import Foundation
import KaiguulCore

/// MISP content from the STIX objects Kaiguul has published, so both formats say the same thing from
/// the same rows: a block order's indicator becomes a `domain` or `url` attribute, a file indicator a
/// MISP `file` object (`md5`, `sha256`) and, for PDQ, a `perceptual-hash` object. MISP has no PDQ
/// attribute type nor object template, so Kaiguul declares one: template `perceptual-hash` (uuid
/// `perceptualHashTemplateUUID`, version 1) with relations `pdq` and `video-pdq`, both of type `text`
/// (64 hex digits each) and never `to_ids`: a perceptual hash is compared by distance, not equality.
public enum MISPFromSTIX {
    public static let fileTemplateUUID = "688c46fb-5edb-40a3-8273-1af7923e2215"
    public static let fileTemplateVersion = "25"
    public static let perceptualHashTemplateUUID =
        UUIDv5.string(namespace: STIXIdentifiers.kaiguulNamespace, name: "misp-object-template:perceptual-hash")

    /// One event from published objects (latest versions); nil when none of them makes an attribute.
    public static func event(uuid: String, info: String, tlp: TLPLevel, objects: [JSONValue],
                             producer: STIXProducer) -> MISPEvent? {
        var attributes: [MISPAttribute] = []
        var mispObjects: [MISPObject] = []
        var dates: [String] = []
        var stamps: [Date] = []
        for object in objects where object["type"]?.stringValue == "indicator" {
            guard let id = object["id"]?.stringValue, let pattern = object["pattern"]?.stringValue else { continue }
            // The indicator's uuid: the attribute keeps it across versions, so a lift updates it in place.
            let uuid = id.components(separatedBy: "--").last ?? ""
            let revoked = object["revoked"]?.boolValue ?? false
            let stamp = object["modified"]?.stringValue.flatMap(STIXTimestamp.date) ?? Date(timeIntervalSince1970: 0)
            stamps.append(stamp)
            if let from = object["valid_from"]?.stringValue { dates.append(String(from.prefix(10))) }
            let comment = legalComment(object, producer: producer)
            var hashes: [(String, String)] = []
            var perceptual: [(String, String)] = []
            for (path, value) in STIXPattern.equalities(pattern) {
                switch path {
                case "domain-name:value", "url:value":
                    let type = path == "url:value" ? "url" : "domain"
                    attributes.append(MISPAttribute(uuid: uuid, type: type, category: "Network activity", value: value,
                                                    toIDs: !revoked, comment: comment, timestamp: stamp,
                                                    tags: revoked ? [MISPTags.lifted] : [MISPTags.courtOrdered]))
                case "file:hashes.SHA-256": hashes.append(("sha256", value.lowercased()))
                case "file:hashes.MD5": hashes.append(("md5", value.lowercased()))
                default:
                    if path.hasSuffix(".pdq[*]") { perceptual.append(("pdq", value.lowercased())) }
                    if path.hasSuffix(".video_pdq[*]") { perceptual.append(("video-pdq", value.lowercased())) }
                }
            }
            let tags = revoked ? [MISPTags.withdrawn] : []
            if !hashes.isEmpty {
                let objectUUID = UUIDv5.string(namespace: producer.ids.namespace, name: "misp-object:file:\(id)")
                mispObjects.append(MISPObject(
                    uuid: objectUUID, name: "file", metaCategory: "file", description: "File object describing a file with meta-information",
                    templateUUID: fileTemplateUUID, templateVersion: fileTemplateVersion, timestamp: stamp,
                    comment: object["name"]?.stringValue ?? "",
                    attributes: hashes.map { relation, value in
                        MISPAttribute(uuid: UUIDv5.string(namespace: producer.ids.namespace, name: "misp-attribute:\(id):\(relation):\(value)"),
                                      type: relation, category: "Payload delivery", value: value, toIDs: !revoked,
                                      comment: comment, timestamp: stamp, tags: tags, objectRelation: relation)
                    }))
            }
            if !perceptual.isEmpty {
                let objectUUID = UUIDv5.string(namespace: producer.ids.namespace, name: "misp-object:perceptual-hash:\(id)")
                mispObjects.append(MISPObject(
                    uuid: objectUUID, name: "perceptual-hash", metaCategory: "file",
                    description: "Perceptual hashes of an image or video (Kaiguul template): PDQ, video PDQ",
                    templateUUID: perceptualHashTemplateUUID, templateVersion: "1", timestamp: stamp,
                    comment: object["name"]?.stringValue ?? "",
                    attributes: perceptual.map { relation, value in
                        MISPAttribute(uuid: UUIDv5.string(namespace: producer.ids.namespace, name: "misp-attribute:\(id):\(relation):\(value)"),
                                      type: "text", category: "Other", value: value, toIDs: false, comment: comment,
                                      timestamp: stamp, tags: tags, objectRelation: relation)
                    }))
            }
        }
        guard !attributes.isEmpty || !mispObjects.isEmpty else { return nil }
        return MISPEvent(uuid: uuid, info: info, date: dates.min() ?? "1970-01-01",
                         timestamp: stamps.max() ?? Date(timeIntervalSince1970: 0),
                         tags: [MISPTags.tlp(tlp)], attributes: attributes, objects: mispObjects)
    }

    /// "Court …, decision … of …, appeal state …" (and the lifting decision), from the legal-basis extension.
    static func legalComment(_ object: JSONValue, producer: STIXProducer) -> String {
        guard let ext = object["extensions"]?[producer.legalBasisExtensionID] else {
            return object["external_references"]?.arrayValue?.first?["description"]?.stringValue ?? ""
        }
        func text(_ e: JSONValue) -> String {
            var s = "\(e["court"]?.stringValue ?? ""), decision \(e["decision_number"]?.stringValue ?? "")"
            if let date = e["decision_date"]?.stringValue { s += " of \(date)" }
            return s
        }
        var comment = text(ext)
        if let state = ext["appeal_state"]?.stringValue { comment += ", appeal state \(state)" }
        if let lifted = ext["lifted_by"] { comment += "; lifted by \(text(lifted))" }
        return comment
    }
}
