import Foundation

/// A bundle: a wrapper with no meaning of its own, so a fresh random id each time (STIX 2.1 §8).
public enum STIXBundle {
    public static func make(_ objects: [JSONValue], id: UUID = UUID()) -> JSONValue {
        ["type": "bundle", "id": .string("bundle--" + id.uuidString.lowercased()), "objects": .array(objects)]
    }
}
