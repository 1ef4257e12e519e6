import Crypto
import Foundation

/// One record's own data key (AES-256-GCM). Each record that holds a person's data has one, stored
/// only wrapped by a key-encryption key of `PersonalDataKeyring`: erasing the record's wrapped key
/// makes every copy of its fields unreadable, in the live file, its old pages and every backup.
///
/// Text forms, both ASCII: the wrapped key is `<key id>:<base64(nonce|ciphertext|tag)>`, a sealed
/// field `v1:<base64(nonce|ciphertext|tag)>`. A field is sealed with its place (`table.column`) as
/// authenticated data, so a ciphertext moved to another column does not open.
struct RecordKey: Sendable {
    let key: SymmetricKey
    let wrapped: String

    static let wrapContext = Data("kaiguul personal data key v1".utf8)
    static let fieldPrefix = "v1:"
    /// Longest sealed field accepted back from the database (a sealed 4 KB value is about 5.5 KB).
    static let maxSealedLength = 64 * 1024

    /// A fresh key for a new record, wrapped with the keyring's current key.
    static func new(_ keyring: PersonalDataKeyring) throws -> RecordKey {
        let (id, kek) = try keyring.current()
        let key = SymmetricKey(size: .bits256)
        let box = try AES.GCM.seal(key.withUnsafeBytes { Data($0) }, using: kek, authenticating: wrapContext)
        guard let combined = box.combined else { throw PersonalDataError.malformed("data key") }
        return RecordKey(key: key, wrapped: id + ":" + combined.base64EncodedString())
    }

    /// The key of an existing record.
    static func unwrap(_ wrapped: String, _ keyring: PersonalDataKeyring) throws -> RecordKey {
        guard wrapped.utf8.count <= 512, let colon = wrapped.firstIndex(of: ":"),
              let combined = Data(base64Encoded: String(wrapped[wrapped.index(after: colon)...]))
        else { throw PersonalDataError.malformed("data key") }
        let kek = try keyring.key(id: String(wrapped[..<colon]))
        do {
            let raw = try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: kek, authenticating: wrapContext)
            guard raw.count == 32 else { throw PersonalDataError.malformed("data key") }
            return RecordKey(key: SymmetricKey(data: raw), wrapped: wrapped)
        } catch let error as PersonalDataError {
            throw error
        } catch {
            throw PersonalDataError.tampered("data key")
        }
    }

    /// The id of the key-encryption key that wraps this record's key.
    static func keyID(of wrapped: String) -> String? {
        wrapped.firstIndex(of: ":").map { String(wrapped[..<$0]) }
    }

    /// The same data key wrapped with the keyring's current key (rotation).
    func rewrapped(_ keyring: PersonalDataKeyring) throws -> RecordKey {
        let (id, kek) = try keyring.current()
        let box = try AES.GCM.seal(key.withUnsafeBytes { Data($0) }, using: kek, authenticating: Self.wrapContext)
        guard let combined = box.combined else { throw PersonalDataError.malformed("data key") }
        return RecordKey(key: key, wrapped: id + ":" + combined.base64EncodedString())
    }

    func seal(_ value: String, place: String) throws -> String {
        let box = try AES.GCM.seal(Data(value.utf8), using: key, authenticating: Data(place.utf8))
        guard let combined = box.combined else { throw PersonalDataError.malformed(place) }
        return Self.fieldPrefix + combined.base64EncodedString()
    }

    func open(_ sealed: String, place: String) throws -> String {
        guard sealed.hasPrefix(Self.fieldPrefix), sealed.utf8.count <= Self.maxSealedLength,
              let combined = Data(base64Encoded: String(sealed.dropFirst(Self.fieldPrefix.count)))
        else { throw PersonalDataError.malformed(place) }
        let plain: Data
        do {
            plain = try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key, authenticating: Data(place.utf8))
        } catch {
            throw PersonalDataError.tampered(place)
        }
        guard let text = String(data: plain, encoding: .utf8) else { throw PersonalDataError.malformed(place) }
        return text
    }
}
