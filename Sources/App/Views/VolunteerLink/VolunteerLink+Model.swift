import Vapor

/// Where a volunteer, signed in, types the one-time code their coordinator gave them, so their login
/// is tied to their volunteer record.
enum VolunteerLink {
    struct Model {
        /// The record already tied to this login, if any: then there is nothing to enter.
        var linkedName: String?
        var values: [String: String]
        var errors: [String: AppError]
        var csrf: String
    }
}
