import Foundation

/// The JSON schemas Kaiguul's extension definitions point at (served under `schemaBaseURL`).
public enum STIXExtensionSchemas {
    public static let names = ["legal-basis", "perceptual-hashes"]

    public static func schema(_ name: String, baseURL: String) -> JSONValue? {
        switch name {
        case "legal-basis":
            return [
                "$schema": "http://json-schema.org/draft-07/schema#",
                "$id": .string("\(baseURL)/legal-basis.json"),
                "title": "Kaiguul legal basis",
                "description": "Property extension: the court decision a STIX object rests on.",
                "type": "object",
                "properties": [
                    "extension_type": ["type": "string", "enum": ["property-extension"]],
                    "court": ["type": "string"],
                    "decision_number": ["type": "string"],
                    "decision_date": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"],
                    "appeal_state": ["type": "string", "enum": ["appealable", "appealed", "final", "overturned"]],
                    "designation": ["type": "string", "enum": ["extremist", "terrorist"]],
                    "lifted_by": [
                        "type": "object",
                        "properties": [
                            "court": ["type": "string"], "decision_number": ["type": "string"],
                            "decision_date": ["type": "string"],
                        ],
                    ],
                ],
                "required": ["extension_type", "court", "decision_number"],
            ]
        case "perceptual-hashes":
            return [
                "$schema": "http://json-schema.org/draft-07/schema#",
                "$id": .string("\(baseURL)/perceptual-hashes.json"),
                "title": "Kaiguul perceptual hashes",
                "description": "Property extension on file: perceptual hashes of the file's image or video frames.",
                "type": "object",
                "properties": [
                    "extension_type": ["type": "string", "enum": ["property-extension"]],
                    "pdq": ["type": "array", "items": ["type": "string", "pattern": "^[0-9a-f]{64}$"]],
                    "video_pdq": ["type": "array", "items": ["type": "string"]],
                ],
                "required": ["extension_type"],
            ]
        default:
            return nil
        }
    }
}
