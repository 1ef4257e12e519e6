import Vapor

/// The volunteer form on its own page: a new record (`id` nil) or an existing one.
enum VolunteerForm {
    struct Model {
        var id: Int?
        var values: [String: String]
        var errors: [String: AppError]
        var regions: [Region]
        /// The stored contact, masked, when editing: the field starts empty and an empty field keeps it.
        var currentContact: String?
        var csrf: String
    }
}
