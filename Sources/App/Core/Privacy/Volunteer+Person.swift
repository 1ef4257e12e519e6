import Foundation

/// A volunteer's own data, opened: what the sealed columns of `volunteers` hold.
struct VolunteerPerson: Sendable, Equatable {
    var name: String
    var contact: String
}

extension Volunteer {
    static let namePlace = "volunteers.name"
    static let contactPlace = "volunteers.contact"

    /// Seals name and contact into this record, with its own data key (made on first use, kept
    /// afterwards), and sets the contact's search hash.
    func seal(_ person: VolunteerPerson, _ keyring: PersonalDataKeyring) throws {
        let key = try dataKey.map { try RecordKey.unwrap($0, keyring) } ?? RecordKey.new(keyring)
        dataKey = key.wrapped
        name = try key.seal(person.name, place: Self.namePlace)
        contact = try key.seal(person.contact, place: Self.contactPlace)
        contactHash = ContactHash.hash(person.contact, keyring)
    }

    /// The opened fields; nil once erased. A row written before sealing existed (no data key) is
    /// read as it stands until `PersonalDataSealer` seals it.
    func person(_ keyring: PersonalDataKeyring) throws -> VolunteerPerson? {
        if erasedAt != nil { return nil }
        guard let wrapped = dataKey else { return VolunteerPerson(name: name, contact: contact) }
        let key = try RecordKey.unwrap(wrapped, keyring)
        return VolunteerPerson(name: try key.open(name, place: Self.namePlace),
                               contact: try key.open(contact, place: Self.contactPlace))
    }
}

extension Tip {
    static let contactPlace = "tips.contact"

    /// Seals the sender's optional contact with the tip's own data key; an empty contact is stored
    /// as none, and no key is made for it.
    func sealContact(_ contact: String?, _ keyring: PersonalDataKeyring) throws {
        guard let contact, !contact.isEmpty else {
            self.contact = nil
            return
        }
        let key = try dataKey.map { try RecordKey.unwrap($0, keyring) } ?? RecordKey.new(keyring)
        dataKey = key.wrapped
        self.contact = try key.seal(contact, place: Self.contactPlace)
    }

    func openContact(_ keyring: PersonalDataKeyring) throws -> String? {
        guard let sealed = contact else { return nil }
        guard let wrapped = dataKey else { return sealed }
        return try RecordKey.unwrap(wrapped, keyring).open(sealed, place: Self.contactPlace)
    }
}
