import Foundation
import KaiguulCore

/// The instance that publishes: its identity, its two extension definitions and the objects every
/// collection carries. Their timestamps are fixed, so publishing them again changes nothing.
public struct STIXProducer: Sendable, Hashable {
    public var ids: STIXIdentifiers
    /// The identity's name, e.g. "Kaiguul — Online Patrol".
    public var name: String
    /// Where the extensions' JSON schemas are served, without a trailing slash
    /// (`https://kaiguul.example/stix/extensions`).
    public var schemaBaseURL: String

    public init(instance: String, name: String, schemaBaseURL: String) {
        ids = STIXIdentifiers(instance: instance)
        self.name = name
        self.schemaBaseURL = schemaBaseURL.hasSuffix("/") ? String(schemaBaseURL.dropLast()) : schemaBaseURL
    }

    /// The `created` of the objects that describe the instance itself.
    public static let epoch = "2026-01-01T00:00:00.000Z"

    public var identityID: String { ids.object("identity", "instance") }
    public var legalBasisExtensionID: String { ids.object("extension-definition", "legal-basis") }
    public var perceptualHashExtensionID: String { ids.object("extension-definition", "perceptual-hashes") }

    public func identity() -> JSONValue {
        [
            "type": "identity", "spec_version": "2.1", "id": .string(identityID),
            "created": .string(Self.epoch), "modified": .string(Self.epoch),
            "name": .string(name), "identity_class": "organization", "sectors": ["government"],
            "description": "Online Patrol: court-ordered blocks, banned organisations and banned materials, each with its court decision.",
        ]
    }

    public func legalBasisExtensionDefinition() -> JSONValue {
        extensionDefinition(id: legalBasisExtensionID, name: "Kaiguul legal basis", file: "legal-basis",
                            description: "The court decision an object rests on: court, decision number and date, appeal state, and an organisation's designation (extremist or terrorist).")
    }

    public func perceptualHashExtensionDefinition() -> JSONValue {
        extensionDefinition(id: perceptualHashExtensionID, name: "Kaiguul perceptual hashes", file: "perceptual-hashes",
                            description: "Perceptual hashes of a file: PDQ (image, 256 bits as 64 hex digits) and video PDQ (one PDQ per sampled frame).")
    }

    private func extensionDefinition(id: String, name: String, file: String, description: String) -> JSONValue {
        [
            "type": "extension-definition", "spec_version": "2.1", "id": .string(id),
            "created_by_ref": .string(identityID), "created": .string(Self.epoch), "modified": .string(Self.epoch),
            "name": .string(name), "description": .string(description),
            "schema": .string("\(schemaBaseURL)/\(file).json"), "version": "1.0.0",
            "extension_types": ["property-extension"],
        ]
    }

    /// Identity, the TLP 2.0 extension and its five markings, and Kaiguul's extension definitions.
    public func sharedObjects() -> [JSONValue] {
        [identity(), STIXMarking.tlp2ExtensionDefinition] + TLPLevel.allCases.map(STIXMarking.definition)
            + [legalBasisExtensionDefinition(), perceptualHashExtensionDefinition()]
    }

    /// The legal-basis extension on an object.
    func legalExtension(_ basis: STIXLegalBasis, extra: [String: JSONValue] = [:]) -> JSONValue {
        var properties = basis.extensionProperties.merging(extra) { _, new in new }
        properties["extension_type"] = "property-extension"
        return [legalBasisExtensionID: .object(properties)]
    }

    /// The common properties of an object Kaiguul creates.
    func base(_ type: String, id: String, created: Date, modified: Date) -> [String: JSONValue] {
        let c = STIXTimestamp.string(created)
        let m = max(c, STIXTimestamp.string(modified))
        return ["type": .string(type), "spec_version": "2.1", "id": .string(id), "created": .string(c),
                "modified": .string(m), "created_by_ref": .string(identityID)]
    }
}
