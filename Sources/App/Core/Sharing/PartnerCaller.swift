import Fluent
import KaiguulCore
import Vapor

/// The partner a TAXII request reads for, found from the API token of one of its accounts. TAXII
/// clients send the token as `Bearer`, as `Token` (taxii2-client's `TokenAuth`) or as the password
/// of HTTP Basic (most clients' only option); all three name the same token.
struct PartnerCaller: Sendable {
    var user: CurrentUser
    var partnerID: Int
    var partnerName: String

    enum Refusal: Error, Equatable {
        /// No credentials, or credentials that name no usable token: 401.
        case unauthenticated
        /// A valid token whose account reads for no (enabled) partner, or must change its password: 403.
        case notAPartner
    }

    /// The token in an Authorization header, and the Basic user name when one was given.
    static func credentials(_ header: String?) -> (token: String, username: String?)? {
        guard let header, header.utf8.count <= 2048 else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        switch parts[0].lowercased() {
        case "bearer", "token":
            return (parts[1], nil)
        case "basic":
            guard let data = Data(base64Encoded: parts[1]), let text = String(data: data, encoding: .utf8),
                  let colon = text.firstIndex(of: ":") else { return nil }
            let username = String(text[..<colon])
            return (String(text[text.index(after: colon)...]), username.isEmpty ? nil : username)
        default:
            return nil
        }
    }

    static func find(authorization header: String?, on db: any Database) async throws -> PartnerCaller {
        guard let (token, username) = credentials(header), token.utf8.count <= 200 else { throw Refusal.unauthenticated }
        guard let record = try await ApiToken.query(on: db).filter(\.$tokenHash == Token.sha256Hex(token))
            .filter(\.$revokedAt == nil).with(\.$user).first()
        else { throw Refusal.unauthenticated }
        let user = record.user
        guard !user.disabled, !user.isAwaitingApproval, let role = user.role, let uid = user.id,
              username == nil || username?.lowercased() == user.username
        else { throw Refusal.unauthenticated }
        guard role == .partner, !user.mustChangePassword, let partnerID = user.partnerID,
              let partner = try await Partner.find(partnerID, on: db), partner.disabledAt == nil
        else { throw Refusal.notAPartner }
        // Last use is informative only; a lost update under load is harmless.
        if record.lastUsedAt.map({ Date().timeIntervalSince($0) > 60 }) ?? true {
            record.lastUsedAt = Date()
            try? await record.update(on: db)
        }
        return PartnerCaller(
            user: CurrentUser(id: uid, username: user.username, displayName: user.displayName, role: role, viaToken: true),
            partnerID: partnerID, partnerName: partner.name)
    }
}
