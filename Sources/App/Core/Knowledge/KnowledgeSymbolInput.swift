import Foundation

/// The upload form of a symbol, checked as a whole: every problem comes back at once (`FormErrors`),
/// keyed by its field, and nothing is stored unless all of it is right.
struct KnowledgeSymbolInput: Sendable {
    static let maxCaption = 300

    var captionKy: String
    var captionRu: String
    var captionEn: String
    var isPublic: Bool
    var data: Data
    var image: KnowledgeSymbolImage

    static func validate(fields: [String: String], data: Data?) throws(FormErrors) -> KnowledgeSymbolInput {
        var errors: [String: AppError] = [:]
        // The programme's languages are required; English is a courtesy.
        let ky = FieldRules.line(fields["caption_ky"], field: "caption_ky", max: maxCaption, into: &errors)
        let ru = FieldRules.line(fields["caption_ru"], field: "caption_ru", max: maxCaption, into: &errors)
        let en = FieldRules.line(fields["caption_en"], field: "caption_en", max: maxCaption, required: false, into: &errors)
        let visibility = fields["public"] ?? "no"
        if !["yes", "no"].contains(visibility) { errors["public"] = .invalid("public", "error.unknown_value") }
        var image: KnowledgeSymbolImage?
        if let data, !data.isEmpty {
            do { image = try KnowledgeSymbolImage.check(data) } catch let e as AppError { errors["file"] = e } catch {
                errors["file"] = .invalid("file", "symbols.error.not_image")
            }
        } else {
            errors["file"] = .invalid("file", "error.required")
        }
        guard errors.isEmpty, let image, let data else { throw FormErrors(errors: errors) }
        return KnowledgeSymbolInput(captionKy: ky, captionRu: ru, captionEn: en, isPublic: visibility == "yes",
                                    data: data, image: image)
    }
}
