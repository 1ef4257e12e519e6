import Foundation
import Vapor

/// One volunteer: the record, the groups they are in, and the login the record is tied to.
enum VolunteerShow {
    struct Model {
        var volunteer: Volunteer
        var groups: [VolunteerGroup]
        /// The tied login's user name, shown to admins only (others see that a login exists).
        var loginName: String?
        var showContact: Bool
        var canEdit: Bool
        /// Admins tie a record to a login directly; these are the volunteer-role logins still free.
        var canLinkLogin: Bool
        var logins: [User]
        /// A code made just now, shown this once.
        var invitation: (code: String, expiresAt: Date)?
        var errors: [String: AppError]
        var csrf: String
    }
}
