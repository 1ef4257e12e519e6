import Vapor

enum TipForm {
    struct Model {
        var values: TipInput.Raw
        var errors: [String: AppError]
        var csrf: String
        var signedIn: Bool
        var message: String?
        /// The filed tip's reference, shown once after sending.
        var reference: String? = nil
        /// What "which organisation?" offers: the guide's organisations, names and symbols.
        var organizations: [TipOrganizationChoice] = []
    }
}
