import Foundation
import KaiguulCore

/// TLP 2.0 in STIX 2.1 through the official extension (OASIS cti-stix-common-objects,
/// `extension-definitions/tlp-2.0`). The marking definitions below are the published objects, byte for
/// byte in content: their ids are what every consumer recognises, so they are never minted here.
public enum STIXMarking {
    public static let tlp2ExtensionID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

    public static func definitionID(_ tlp: TLPLevel) -> String {
        switch tlp {
        case .clear: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
        case .green: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
        case .amber: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
        case .amberStrict: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
        case .red: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"
        }
    }

    /// The official marking definition of a level.
    public static func definition(_ tlp: TLPLevel) -> JSONValue {
        [
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": .string(definitionID(tlp)),
            "created": "2022-10-01T00:00:00.000Z",
            "name": .string(tlp.label),
            "extensions": [
                tlp2ExtensionID: ["extension_type": "property-extension", "tlp_2_0": .string(tlp.rawValue)],
            ],
        ]
    }

    /// The official TLP 2.0 extension definition (its creator is OASIS's identity, not ours).
    public static let tlp2ExtensionDefinition: JSONValue = [
        "id": .string(tlp2ExtensionID),
        "type": "extension-definition",
        "spec_version": "2.1",
        "name": "TLP 2.0",
        "description": "This defines TLP 2.0 as a STIX extension",
        "created": "2022-10-01T00:00:00.000Z",
        "modified": "2022-10-01T00:00:00.000Z",
        "created_by_ref": "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01",
        "schema": "https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0",
        "version": "1.0.0",
        "extension_types": ["property-extension"],
    ]

    /// Objects that describe the sharing itself carry no marking: a marking on a marking definition
    /// would be circular, and the instance's identity and extension definitions are public schema.
    public static let unmarkedTypes: Set<String> = ["marking-definition", "extension-definition", "identity"]

    public enum MarkingError: Error, Equatable {
        case notAnObject
    }

    /// The object with `object_marking_refs` naming the level's marking (any other TLP marking it
    /// carried is replaced; other markings stay). Unmarked types come back as they were given.
    public static func apply(_ tlp: TLPLevel, toObject json: Data) throws -> Data {
        let value = try JSONValue.parse(json)
        guard case .object(let object) = value, let type = object["type"]?.stringValue else {
            throw MarkingError.notAnObject
        }
        if unmarkedTypes.contains(type) { return json }
        return apply(tlp, to: value).canonicalData
    }

    /// The same on a value.
    public static func apply(_ tlp: TLPLevel, to value: JSONValue) -> JSONValue {
        guard case .object(var object) = value, let type = object["type"]?.stringValue,
              !unmarkedTypes.contains(type) else { return value }
        let tlpIDs = Set(TLPLevel.allCases.map(definitionID))
        var refs = (object["object_marking_refs"]?.arrayValue ?? []).compactMap(\.stringValue)
            .filter { !tlpIDs.contains($0) }
        refs.insert(definitionID(tlp), at: 0)
        object["object_marking_refs"] = .strings(refs)
        return .object(object)
    }
}
