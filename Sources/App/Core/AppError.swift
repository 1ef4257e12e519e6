import Vapor

/// An error a person can act on: a status, a translated message and, for form and API input,
/// the field it concerns. HTML pages show it; the API returns `{ "error": …, "field": … }`.
struct AppError: AbortError, Sendable {
    var status: HTTPResponseStatus
    /// A translation key, or a literal message when `literal` is true.
    var message: String
    var field: String?
    var literal: Bool = false
    var values: [String: String] = [:]
    /// The line of a multi-line field the message is about ("line 3: …"), counted from 1.
    var line: Int?

    var reason: String { message }

    static func invalid(_ field: String, _ key: String, _ values: [String: String] = [:]) -> AppError {
        AppError(status: .unprocessableEntity, message: key, field: field, values: values)
    }

    static let notFound = AppError(status: .notFound, message: "error.not_found")
    static let forbidden = AppError(status: .forbidden, message: "error.forbidden")
    static let unauthorized = AppError(status: .unauthorized, message: "error.unauthorized")
    static let csrf = AppError(status: .forbidden, message: "error.csrf")

    func text(_ t: Translator) -> String {
        let text = literal ? message : t(message, values)
        guard let line else { return text }
        return t("form.error.on_line", ["line": String(line), "message": text])
    }
}

/// Several field errors at once, for re-showing a form with every problem next to its field.
struct FormErrors: Error, Sendable {
    var errors: [String: AppError]
    var first: AppError? { errors.values.sorted { ($0.field ?? "") < ($1.field ?? "") }.first }
}
