import Detection
import Foundation
import Vapor

/// A validated indicator, from the web form or the API. One set of rules for both. The mode may be
/// left out: the value's spelling says it (`#tag`, `@name`, a domain, a phrase, a word).
struct IndicatorInput: Sendable {
    var organizationID: Int
    var value: String
    var mode: IndicatorMode
    var language: String
    var weight: Double

    struct Raw: Content {
        var organization_id: String?
        var value: String?
        var mode: String?
        var language: String?
        var weight: String?
    }

    static func validate(_ raw: Raw) throws -> IndicatorInput {
        var errors: [String: AppError] = [:]
        let organization = FieldRules.integer(raw.organization_id, field: "organization_id", range: 1...Int(Int32.max),
                                              into: &errors)
        let value = FieldRules.line(raw.value, field: "value", max: IndicatorMatcher.maxIndicatorBytes, into: &errors)
        var mode = IndicatorSpelling.mode(of: value)
        if let text = raw.mode?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            mode = FieldRules.choice(text, IndicatorMode.self, field: "mode", into: &errors) ?? mode
        }
        let language = FieldRules.line(raw.language, field: "language", max: 8, required: false, into: &errors).lowercased()
        if !language.isEmpty, !IndicatorSpelling.isLanguageTag(language) {
            errors["language"] = .invalid("language", "indicator.error.language")
        }
        var weight = 1.0
        if let text = raw.weight?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let parsed = Double(text.replacingOccurrences(of: ",", with: ".")), parsed.isFinite, parsed > 0, parsed <= 10 {
                weight = parsed
            } else {
                errors["weight"] = .invalid("weight", "indicator.error.weight")
            }
        }
        if errors["value"] == nil, errors["mode"] == nil,
           let reason = IndicatorSpelling.rejection(of: Indicator(organizationID: "", text: value, mode: mode)) {
            errors["value"] = AppError(status: .unprocessableEntity, message: "indicator.error.unmatchable", field: "value",
                                       values: ["reason": reason])
        }
        guard errors.isEmpty, let organization else { throw FormErrors(errors: errors) }
        return IndicatorInput(organizationID: organization, value: value, mode: mode, language: language, weight: weight)
    }

    func apply(to row: IndicatorRecord) {
        row.$organization.id = organizationID
        row.value = value
        row.mode = mode.rawValue
        row.language = language
        row.weight = weight
        row.searchText = Search.fold(value)
    }

    var auditDetails: [String: String] {
        ["organization_id": String(organizationID), "value": value, "mode": mode.rawValue, "language": language,
         "weight": String(weight)]
    }
}
