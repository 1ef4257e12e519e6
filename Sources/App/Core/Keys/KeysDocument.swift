import Foundation

/// The public face of the signing keys: one document, the same bytes at
/// `/.well-known/kaiguul-keys.json`, from `kaiguul keys show` and in every package, so a verifier
/// can compare what a package carries with what the instance publishes.
struct KeysDocument: Codable, Sendable, Equatable {
    var instance: String
    /// Current keys first, then retired ones (oldest rotation first).
    var keys: [PublishedKey]

    /// Pretty, key-sorted JSON ending in a newline: stable bytes for equal documents.
    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}

extension SigningKeys {
    var document: KeysDocument { KeysDocument(instance: instance, keys: published) }
}
