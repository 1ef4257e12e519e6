import Fluent
import Vapor

/// The page that opens a case (`/cases/new`), on its own so a refused form shows its errors at
/// the top, where the person is looking, and not under a long list of cases.
enum CaseForm {
    struct Model {
        var regions: [Region]
        var organizations: [Organization]
        var csrf: String
        var values: CaseInput.Raw
        var errors: [String: AppError]
    }

    /// The form's fields top to bottom, so the error list follows the order the person reads.
    static let fields = ["title", "target", "region_id", "organization_id", "evidence_url", "note"]

    static func load(_ req: Request, values: CaseInput.Raw = .init(), errors: [String: AppError] = [:]) async throws
        -> Model
    {
        Model(regions: try await Region.query(on: req.db).sort(\.$id).all(),
              organizations: try await Organization.query(on: req.db).sort(\.$id).limit(500).all(),
              csrf: CSRFMiddleware.token(for: req), values: values, errors: errors)
    }
}
