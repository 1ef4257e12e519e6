import Fluent
import KaiguulCore
import Vapor

extension KnowledgeSymbols {
    /// An organisation's symbols page: each symbol with its captions and whether the guide shows it,
    /// and the upload form for those who may add.
    enum Page {
        struct Model {
            var organization: Organization
            var symbols: [KnowledgeSymbol]
            var canUpload: Bool
            var values: [String: String]
            var errors: [String: AppError]
            var csrf: String
        }

        static func query(organizationID: Int, request req: Request, values: [String: String],
                          errors: [String: AppError]) async throws -> Model? {
            guard let organization = try await Organization.find(organizationID, on: req.db) else { return nil }
            // Volunteers see what the public sees.
            let publicOnly = req.currentUser?.role == .volunteer
            let symbols = try await KnowledgeSymbols.forOrganization(organizationID, publicOnly: publicOnly, on: req.db)
            return Model(organization: organization, symbols: symbols, canUpload: req.can(.update, .knowledge),
                         values: values, errors: errors, csrf: CSRFMiddleware.token(for: req))
        }
    }
}
