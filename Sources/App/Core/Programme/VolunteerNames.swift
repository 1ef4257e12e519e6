import Foundation
import KaiguulCore
import Vapor

/// Opens volunteers' names (and, where a page may show them, contacts) for pages and lists. The
/// columns hold ciphertext, so every sort and search by name happens here, in Swift, after opening.
/// An erased record reads "Erased volunteer #12"; a record whose key is not in the key folder (a
/// restore without the personal keys) reads "Volunteer #12 (sealed)" rather than failing the page.
struct VolunteerNames: Sendable {
    let keyring: PersonalDataKeyring
    let t: Translator

    /// Only the name is opened: lists of thousands need no contacts.
    func name(_ v: Volunteer) -> String {
        name(id: v.id ?? 0, sealed: v.name, dataKey: v.dataKey, erased: v.erasedAt != nil)
    }

    /// The same from columns read by hand (a report's SQL).
    func name(id: Int, sealed: String, dataKey: String?, erased: Bool) -> String {
        if erased { return t("volunteer.erased_name", ["id": String(id)]) }
        guard let wrapped = dataKey else { return sealed }
        do {
            return try RecordKey.unwrap(wrapped, keyring).open(sealed, place: Volunteer.namePlace)
        } catch {
            return t("volunteer.sealed_name", ["id": String(id)])
        }
    }

    /// The full contact, for the one answer that shows it (audited by the caller); nil when erased,
    /// unreadable or empty.
    func contact(_ v: Volunteer) -> String? {
        guard let person = try? v.person(keyring), !person.contact.isEmpty else { return nil }
        return person.contact
    }

    /// What lists and the volunteer's page show of a contact: `•••456`.
    func maskedContact(_ v: Volunteer) -> String? {
        contact(v).map { ContactHash.masked($0) }
    }
}

extension Request {
    var volunteerNames: VolunteerNames { VolunteerNames(keyring: personalData, t: t) }

    /// Who may open a full contact and find a volunteer by contact: coordinators and admins (the
    /// volunteer's own `.own` right is for their data page, not for lists of others).
    var opensContacts: Bool {
        guard let user = currentUser else { return false }
        return Permissions.decide(role: user.role, action: .view, resource: .personalData) == .allow(.all)
    }
}

extension Request {
    /// Lists show every viewer who may see volunteers their contacts masked (the auditor too: the
    /// last digits tell a record from another, not how to reach the person); only those who may
    /// open contacts find a volunteer by one.
    var volunteerListViewer: VolunteerLists.Viewer {
        VolunteerLists.Viewer(names: volunteerNames, showsContacts: can(.view, .volunteer), findsByContact: opensContacts)
    }
}
