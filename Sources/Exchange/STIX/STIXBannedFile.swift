import Foundation

/// A banned or listed media file: a `file` observable with its exact hashes (`SHA-256`, `MD5`) and its
/// perceptual ones in Kaiguul's declared extension, and an `indicator` whose pattern names them. A
/// tombstone (list deletion, overturned ban) revokes the indicator; the observable itself has no
/// versions in STIX and stays what it is, a description of a file.
public struct STIXBannedFile: Sendable, Hashable {
    /// `material:5` for a court-banned material, `bank_entry:9` for an imported list's entry.
    public var subject: String
    public var label: String?
    /// STIX hash names (`SHA-256`, `MD5`) to lowercase hex.
    public var hashes: [String: String]
    public var pdq: [String]
    public var videoPDQ: [String]
    public var decision: STIXLegalBasis?
    /// Where the hash came from (the bank's provenance).
    public var provenance: String
    public var deleted: Bool
    public var createdAt: Date
    public var changedAt: Date
    public var organizationID: Int?

    public init(subject: String, label: String?, hashes: [String: String], pdq: [String], videoPDQ: [String],
                decision: STIXLegalBasis?, provenance: String, deleted: Bool, createdAt: Date, changedAt: Date,
                organizationID: Int?) {
        self.subject = subject
        self.label = label
        self.hashes = hashes
        self.pdq = pdq
        self.videoPDQ = videoPDQ
        self.decision = decision
        self.provenance = provenance
        self.deleted = deleted
        self.createdAt = createdAt
        self.changedAt = changedAt
        self.organizationID = organizationID
    }

    /// The STIX name of a Kaiguul hash kind with an exact STIX hash algorithm.
    public static func hashName(kind: String) -> String? {
        switch kind {
        case "sha256": "SHA-256"
        case "md5": "MD5"
        default: nil
        }
    }
}

extension STIXProducer {
    public func fileObject(_ file: STIXBannedFile) -> JSONValue? {
        var contributing: [String: JSONValue] = [:]
        var object: [String: JSONValue] = ["type": "file", "spec_version": "2.1"]
        // A file observable must have `hashes` or a `name` (STIX 2.1 §6.7), and a list entry known only by
        // its perceptual hash has neither: its PDQ goes into `hashes` too, under a custom algorithm name as
        // STIX allows (ssdeep and TLSH, fuzzy hashes, sit there the same way). The declared extension
        // still carries every perceptual hash, and the id still comes from the exact hashes or the extension.
        var hashes = file.hashes
        if hashes.isEmpty {
            if let pdq = file.pdq.min() {
                hashes["PDQ"] = pdq
            } else if let video = file.videoPDQ.min() {
                hashes["VIDEO-PDQ"] = video
            }
        }
        if !hashes.isEmpty {
            object["hashes"] = .object(hashes.mapValues(JSONValue.string))
            contributing["hashes"] = STIXIdentifiers.contributingHashes(file.hashes).map(JSONValue.object)
        }
        if !file.pdq.isEmpty || !file.videoPDQ.isEmpty {
            var ext: [String: JSONValue] = ["extension_type": "property-extension"]
            if !file.pdq.isEmpty { ext["pdq"] = .strings(file.pdq.sorted()) }
            if !file.videoPDQ.isEmpty { ext["video_pdq"] = .strings(file.videoPDQ.sorted()) }
            object["extensions"] = [perceptualHashExtensionID: .object(ext)]
            contributing["extensions"] = object["extensions"]
        }
        guard !contributing.isEmpty else { return nil }
        object["id"] = .string(STIXIdentifiers.observable("file", contributing: contributing))
        return .object(object)
    }

    public func filePattern(_ file: STIXBannedFile) -> String? {
        var parts: [String] = []
        if let exact = STIXPattern.fileHashes(file.hashes) { parts.append(String(exact.dropFirst().dropLast())) }
        let path = "file:extensions.'\(perceptualHashExtensionID)'"
        parts += file.pdq.sorted().map { "\(path).pdq[*] = \(STIXPattern.literal($0))" }
        parts += file.videoPDQ.sorted().map { "\(path).video_pdq[*] = \(STIXPattern.literal($0))" }
        return parts.isEmpty ? nil : "[" + parts.joined(separator: " OR ") + "]"
    }

    /// The observable, its indicator and the indicator's `indicates` relationship to the organisation.
    public func bannedFileObjects(_ file: STIXBannedFile) -> [JSONValue] {
        guard let observable = fileObject(file), let pattern = filePattern(file) else { return [] }
        let modified = file.deleted ? max(file.changedAt, file.createdAt) : file.createdAt
        var indicator = base("indicator", id: ids.object("indicator", file.subject), created: file.createdAt,
                             modified: modified)
        let label = file.label.flatMap { $0.isEmpty ? nil : $0 }
        indicator["name"] = .string(file.decision != nil ? "Court-banned material: \(label ?? file.subject)"
                                                          : "Listed media hash: \(label ?? file.subject)")
        indicator["description"] = .string(
            (file.decision.map { "Banned by \($0.court), decision \($0.number)" } ?? "Listed by \(file.provenance)")
                + (file.deleted ? "; withdrawn." : "."))
        indicator["indicator_types"] = ["malicious-activity"]
        indicator["pattern"] = .string(pattern)
        indicator["pattern_type"] = "stix"
        indicator["pattern_version"] = "2.1"
        let from = STIXTimestamp.string(file.createdAt)
        indicator["valid_from"] = .string(from)
        if file.deleted {
            let until = STIXTimestamp.string(file.changedAt)
            let validUntil = until > from ? until : STIXTimestamp.after(from)
            indicator["valid_until"] = .string(validUntil)
            if indicator["modified"]!.stringValue! < validUntil { indicator["modified"] = .string(validUntil) }
            indicator["revoked"] = true
        }
        if let decision = file.decision {
            indicator["external_references"] = [decision.externalReference()]
            indicator["extensions"] = legalExtension(decision)
        } else {
            indicator["external_references"] = [["source_name": "hash-list", "description": .string(file.provenance)]]
        }
        var objects: [JSONValue] = [observable, .object(indicator)]
        if let organizationID = file.organizationID {
            var relationship = base("relationship", id: ids.object("relationship", "\(file.subject):indicates"),
                                    created: file.createdAt, modified: file.createdAt)
            relationship["modified"] = indicator["modified"]
            relationship["relationship_type"] = "indicates"
            relationship["source_ref"] = indicator["id"]
            relationship["target_ref"] = .string(threatActorID(organization: organizationID))
            if file.deleted { relationship["revoked"] = true }
            objects.append(.object(relationship))
        }
        return objects
    }
}
