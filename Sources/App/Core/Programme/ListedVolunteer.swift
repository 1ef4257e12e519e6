import Foundation

/// A volunteer as a list shows them: the record (region, district, age band, login) with its name
/// opened and, for viewers who may see that much, its contact masked. The full contact never
/// reaches a list.
struct ListedVolunteer: Sendable {
    let record: Volunteer
    let name: String
    /// `•••456`; nil when there is none or the viewer is not shown contacts.
    let maskedContact: String?

    var id: Int { record.id ?? 0 }
}
