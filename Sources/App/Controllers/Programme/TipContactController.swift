import Fluent
import KaiguulCore
import Vapor

/// A tip sender's contact, opened in full on its own answer for whoever may open contacts; the
/// opening is audited (`tip.contact_show`, the tip's id, never the value) in the transaction that
/// reads it. The tip list shows only the mask.
enum TipContactController {
    @Sendable static func show(req: Request) async throws -> Response {
        let (user, scope) = try req.authorize(.view, .tip)
        guard scope == .all, req.opensContacts else { throw AppError.forbidden }
        let id = try req.idParameter()
        let keyring = req.personalData
        let contact = try await req.application.write { db -> String? in
            guard let tip = try await Tip.find(id, on: db) else { throw AppError.notFound }
            guard tip.contact != nil else { return nil }
            try await AuditLog.append(on: db, actor: user.auditActor, action: "tip.contact_show", objectType: "tip",
                                      objectID: String(id), details: [:])
            return try tip.openContact(keyring)
        }
        let response = req.page(req.t("contact.tip_title", ["id": String(id)]),
                                TipIndex.contactPage(id: id, contact: contact, request: req))
        // The contact must not stay in a browser's or proxy's cache.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
