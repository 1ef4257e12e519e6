import Foundation

/// What Kaiguul holds about one volunteer, as a page in the reader's language (`/me/data`, or
/// `/volunteers/:id/data` for staff acting for the person).
enum PersonalData {
    struct Model {
        var export: PersonalDataExport
        /// The volunteer reading about themself (addressed as "you"), rather than staff acting for them.
        var selfService: Bool
        /// `/me` or `/volunteers/:id`: where the JSON file and the erasure form live.
        var base: String
        var canAsk: Bool
        var canDecide: Bool
        var values: [String: String]
        var errors: [String: AppError]
        var csrf: String
    }
}
