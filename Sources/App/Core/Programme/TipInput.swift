import Foundation
import KaiguulCore
import Vapor

/// A validated tip. The URLs are kept verbatim; only http(s) links to a real host are accepted,
/// so a `javascript:` or `data:` link can never be stored, let alone shown as a link.
struct TipInput: Sendable {
    var urls: [String]
    var platform: SourceKind?
    var comment: String
    var contact: String?
    /// The banned organisation the sender recognised, from the guide's list (`TipOrganizationChoice`).
    var organizationID: Int? = nil

    struct Raw: Content {
        var urls: String?
        var platform: String?
        var comment: String?
        var contact: String?
        /// An organisation's id from the form's choice; empty for "I don't know".
        var organization: String?
        /// The honeypot: invisible to people, filled in by form-spamming robots.
        var website: String?
    }

    static let maxURLs = 20
    static let maxComment = 5000

    /// `organizations` are the ids the form offered: any other value is refused, so a tip cannot name
    /// an organisation the public guide does not show (or one that does not exist).
    static func validate(_ raw: Raw, organizations: Set<Int> = []) throws -> TipInput {
        var errors: [String: AppError] = [:]
        let text = FieldRules.text(raw.urls, field: "urls", max: maxURLs * 2100, required: true, into: &errors)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var urls: [String] = []
        if errors["urls"] == nil {
            if lines.count > maxURLs {
                errors["urls"] = .invalid("urls", "tip.too_many_urls", ["max": String(maxURLs)])
            } else if let bad = lines.first(where: { !isAcceptableURL($0) }) {
                errors["urls"] = .invalid("urls", "tip.bad_url", ["url": String(bad.prefix(100))])
            } else {
                urls = lines
            }
        }
        var platform: SourceKind?
        if let p = raw.platform, !p.isEmpty { platform = FieldRules.choice(p, SourceKind.self, field: "platform", into: &errors) }
        let comment = FieldRules.text(raw.comment, field: "comment", max: maxComment, into: &errors)
        let contact = FieldRules.line(raw.contact, field: "contact", max: 200, required: false, into: &errors)
        var organizationID: Int?
        if let typed = raw.organization?.trimmingCharacters(in: .whitespaces), !typed.isEmpty {
            if typed.count <= 12, let id = Int(typed), organizations.contains(id) {
                organizationID = id
            } else {
                errors["organization"] = .invalid("organization", "tip.error.organization")
            }
        }
        guard errors.isEmpty else { throw FormErrors(errors: errors) }
        return TipInput(urls: urls, platform: platform, comment: comment, contact: contact.isEmpty ? nil : contact,
                        organizationID: organizationID)
    }

    static func isAcceptableURL(_ text: String) -> Bool {
        guard text.count <= 2000, let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = c.host, host.contains("."), c.user == nil
        else { return false }
        return !text.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F }
    }
}
