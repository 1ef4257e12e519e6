import Vapor

/// The volunteer form on its own page: a new record (`id` nil) or an existing one.
enum VolunteerForm {
    struct Model {
        var id: Int?
        var values: [String: String]
        var errors: [String: AppError]
        var regions: [Region]
        var csrf: String
    }
}
