import Crypto
import Foundation
import Testing

@testable import App

/// The sealing primitives on their own: a contact's search hash, its mask, a record's key and the
/// keyring shared by processes. Database-level proofs are in the other Privacy suites.
@Suite("Contact hash, mask and record keys") struct ContactHashTests {
    static func keyring() throws -> (PersonalDataKeyring, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-personal-\(UUID().uuidString)")
        return (try PersonalDataKeyring(directory: dir, create: true), dir)
    }

    @Test func theSameNumberTypedDifferentlyHashesTheSame() throws {
        let (keyring, dir) = try Self.keyring()
        defer { try? FileManager.default.removeItem(at: dir) }
        let forms = ["+996 555 12-34-56", "+996555123456", " +996 (555) 123 456 ", "+996.555.123.456"]
        let hashes = Set(forms.map { ContactHash.hash($0, keyring) })
        #expect(hashes.count == 1)
        #expect(ContactHash.hash("+996555123457", keyring) != ContactHash.hash("+996555123456", keyring))
        // Without the plus it is another number as far as equality goes: no guessing of country codes.
        #expect(ContactHash.hash("996555123456", keyring) != ContactHash.hash("+996555123456", keyring))
        #expect(ContactHash.hash("@Volunteer_Ainura", keyring) == ContactHash.hash("volunteer_ainura", keyring))
        #expect(ContactHash.hash("   ", keyring) == nil)
    }

    @Test func theHashDependsOnTheInstancesSearchKey() throws {
        let (a, dirA) = try Self.keyring()
        let (b, dirB) = try Self.keyring()
        defer { try? FileManager.default.removeItem(at: dirA); try? FileManager.default.removeItem(at: dirB) }
        let contact = "+996700111222"
        #expect(ContactHash.hash(contact, a) != ContactHash.hash(contact, b))
        // And it is not the plain SHA-256 of the number, which anyone could compute from a phone book.
        let plain = SHA256.hash(data: Data(contact.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(ContactHash.hash(contact, a) != plain)
    }

    @Test func theMaskKeepsOnlyTheLastCharacters() {
        #expect(ContactHash.masked("+996 555 12-34-56") == "•••456")
        #expect(!ContactHash.masked("+996 555 12-34-56").contains("555"))
        #expect(ContactHash.masked("@ainura") == "•••ura")
        // A very short contact shows fewer characters, never all of them.
        #expect(ContactHash.masked("12") == "•••")
        #expect(ContactHash.masked("1234") == "•••34")
        #expect(ContactHash.masked("") == "")
    }

    @Test func aSealedFieldOpensOnlyInItsOwnPlaceWithItsOwnKey() throws {
        let (keyring, dir) = try Self.keyring()
        defer { try? FileManager.default.removeItem(at: dir) }
        let key = try RecordKey.new(keyring)
        let sealed = try key.seal("Айнура Токтогулова", place: "volunteers.name")
        #expect(!sealed.contains("Айнура"))
        #expect(try RecordKey.unwrap(key.wrapped, keyring).open(sealed, place: "volunteers.name") == "Айнура Токтогулова")
        #expect(throws: PersonalDataError.self) { try key.open(sealed, place: "volunteers.contact") }
        let other = try RecordKey.new(keyring)
        #expect(throws: PersonalDataError.self) { try other.open(sealed, place: "volunteers.name") }
        var bytes = Array(Data(base64Encoded: String(sealed.dropFirst(3)))!)
        bytes[bytes.count / 2] ^= 1
        #expect(throws: PersonalDataError.self) {
            try key.open("v1:" + Data(bytes).base64EncodedString(), place: "volunteers.name")
        }
        // Two seals of the same value differ (a fresh nonce each), so equal names do not show as equal.
        #expect(try key.seal("same", place: "p") != key.seal("same", place: "p"))
    }

    @Test func aKeyAddedByAnotherProcessIsFoundAndRetiredKeysStillUnwrap() throws {
        let (mine, dir) = try Self.keyring()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try RecordKey.new(mine)
        // Another process (the rotation command) opens the same folder and adds a key.
        let other = try PersonalDataKeyring(directory: dir, create: false)
        let newID = try other.addKey(now: Date().addingTimeInterval(5))
        let after = try RecordKey.new(other)
        #expect(RecordKey.keyID(of: after.wrapped) == newID)
        // This process has not rescanned yet, but an unknown id sends it to the disk.
        #expect(try RecordKey.unwrap(after.wrapped, mine).key == after.key)
        let rewrapped = try before.rewrapped(other)
        #expect(RecordKey.keyID(of: rewrapped.wrapped) == newID)
        try other.retire([RecordKey.keyID(of: before.wrapped)!])
        #expect(other.currentID == newID)
        #expect(try RecordKey.unwrap(before.wrapped, other).key == before.key)
        let mode = try FileManager.default.attributesOfItem(
            atPath: dir.appendingPathComponent("data-\(newID).key").path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aFolderNamedByTheOperatorIsNeverCreated() {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-absent-\(UUID().uuidString)")
        #expect(throws: (any Error).self) { try PersonalDataKeyring(directory: dir, create: false) }
        #expect(!FileManager.default.fileExists(atPath: dir.path))
    }
}
