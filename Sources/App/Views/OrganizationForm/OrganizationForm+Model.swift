import Vapor

enum OrganizationForm {
    struct Model {
        var action: String
        var title: String
        var values: OrganizationInput.Raw
        var errors: [String: AppError]
        var csrf: String
    }

    /// The form's fields top to bottom: the error list at the top follows this order.
    static let fields = ["name_ky", "name_ru", "name_en", "aliases", "designation", "court", "decision_number", "decision_date", "status", "notes"]

    static func values(from org: Organization) -> OrganizationInput.Raw {
        OrganizationInput.Raw(name_ky: org.nameKy, name_ru: org.nameRu, name_en: org.nameEn, aliases: org.aliases,
                              designation: org.designation, court: org.court, decision_number: org.decisionNumber,
                              decision_date: org.decisionDate, status: org.status, notes: org.notes)
    }
}
