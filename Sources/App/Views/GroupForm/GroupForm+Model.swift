import Vapor

/// The group form on its own page: a new group (`id` nil) or an existing one.
enum GroupForm {
    struct Model {
        var id: Int?
        var values: [String: String]
        var errors: [String: AppError]
        var regions: [Region]
        var csrf: String
    }
}
