import Foundation
import Vapor

/// A validated organisation, from the web form or the API. One set of rules for both.
struct OrganizationInput: Sendable {
    var nameKy: String
    var nameRu: String
    var nameEn: String
    var aliases: [String]
    var designation: Designation
    var court: String
    var decisionNumber: String
    var decisionDate: String?
    var status: OrganizationStatus
    var notes: String

    struct Raw: Content {
        var name_ky: String?
        var name_ru: String?
        var name_en: String?
        var aliases: String?
        var designation: String?
        var court: String?
        var decision_number: String?
        var decision_date: String?
        var status: String?
        var notes: String?
    }

    static let maxName = 300
    static let maxAliases = 100

    static func validate(_ raw: Raw) throws -> OrganizationInput {
        var errors: [String: AppError] = [:]
        let ky = FieldRules.line(raw.name_ky, field: "name_ky", max: maxName, required: false, into: &errors)
        let ru = FieldRules.line(raw.name_ru, field: "name_ru", max: maxName, required: false, into: &errors)
        let en = FieldRules.line(raw.name_en, field: "name_en", max: maxName, required: false, into: &errors)
        if ky.isEmpty, ru.isEmpty, en.isEmpty, errors.isEmpty {
            errors["name_ky"] = .invalid("name_ky", "error.name_required")
        }
        let aliasText = FieldRules.text(raw.aliases, field: "aliases", max: 20_000, into: &errors)
        let aliases = aliasText.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if aliases.count > maxAliases {
            errors["aliases"] = .invalid("aliases", "error.too_many", ["max": String(maxAliases)])
        } else if aliases.contains(where: { $0.count > maxName }) {
            errors["aliases"] = .invalid("aliases", "error.too_long", ["max": String(maxName)])
        } else if let alias = aliases.first(where: { !$0.contains { $0.isLetter || $0.isNumber } }) {
            // `#tag`, `@name`, `t.me/x`, dotted and mixed-script aliases are all fine (each becomes an
            // indicator by its spelling); one with no letter or digit could never match anything.
            errors["aliases"] = .invalid("aliases", "org.error.alias_unmatchable", ["alias": alias])
        }
        let designation = FieldRules.choice(raw.designation, Designation.self, field: "designation", into: &errors)
        let court = FieldRules.line(raw.court, field: "court", max: 300, required: false, into: &errors)
        let number = FieldRules.line(raw.decision_number, field: "decision_number", max: 100, required: false, into: &errors)
        let date = FieldRules.date(raw.decision_date, field: "decision_date", required: false, into: &errors)
        var status = OrganizationStatus.banned
        if let s = raw.status, !s.isEmpty {
            status = FieldRules.choice(s, OrganizationStatus.self, field: "status", into: &errors) ?? .banned
        }
        let notes = FieldRules.text(raw.notes, field: "notes", max: 10_000, into: &errors)
        guard errors.isEmpty, let designation else { throw FormErrors(errors: errors) }
        return OrganizationInput(nameKy: ky, nameRu: ru, nameEn: en, aliases: aliases, designation: designation,
                                 court: court, decisionNumber: number, decisionDate: date, status: status, notes: notes)
    }

    func apply(to org: Organization) {
        org.nameKy = nameKy
        org.nameRu = nameRu
        org.nameEn = nameEn
        org.aliases = aliases.joined(separator: "\n")
        org.designation = designation.rawValue
        org.court = court
        org.decisionNumber = decisionNumber
        org.decisionDate = decisionDate
        org.status = status.rawValue
        org.notes = notes
        org.searchText = Search.fold(([nameKy, nameRu, nameEn] + aliases).joined(separator: "\n"))
    }

    var auditDetails: [String: String] {
        ["name_ky": nameKy, "name_ru": nameRu, "name_en": nameEn, "designation": designation.rawValue,
         "decision_number": decisionNumber, "status": status.rawValue]
    }
}
