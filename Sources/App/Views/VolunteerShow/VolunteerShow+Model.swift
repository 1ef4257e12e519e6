import Foundation
import Vapor

/// One volunteer: the record, the groups they are in, and the login the record is tied to.
enum VolunteerShow {
    struct Model {
        var volunteer: Volunteer
        /// Opened (`VolunteerNames`): the column holds ciphertext.
        var name: String
        var groups: [VolunteerGroup]
        /// The tied login's user name, shown to admins only (others see that a login exists).
        var loginName: String?
        var contact: Contact
        var canEdit: Bool
        /// Admins tie a record to a login directly; these are the volunteer-role logins still free.
        var canLinkLogin: Bool
        var logins: [User]
        /// A code made just now, shown this once.
        var invitation: (code: String, expiresAt: Date)?
        var errors: [String: AppError]
        var csrf: String
    }

    /// How much of the contact this answer carries: masked on every view of the page, in full only
    /// on the answer to "show" (audited).
    enum Contact {
        /// The viewer is not shown contacts, or the record is erased.
        case hidden
        /// The record has no contact.
        case none
        case masked(String, canShow: Bool)
        case full(String)
    }
}
