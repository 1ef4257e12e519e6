import Plot
import Vapor

/// Turns every error into what its audience can read: a JSON body `{ "error", "field" }` for the
/// API, a translated page for people, a redirect to the login page for a visitor not signed in.
/// Internal errors are logged in full and shown only as a generic message.
struct KaiguulErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, request: request)
        }
    }

    static func response(for error: any Error, request: Request) -> Response {
        let t = request.t
        let status: HTTPResponseStatus
        let message: String
        var field: String?
        switch error {
        case let error as AppError:
            status = error.status
            // A 5xx message is for the log (it may name tables or jobs); people get the generic one.
            message = error.status.code >= 500 ? t("error.internal") : error.text(t)
            field = error.field
        case let errors as FormErrors:
            let first = errors.first ?? AppError(status: .unprocessableEntity, message: "error.invalid")
            status = first.status
            message = first.text(t)
            field = first.field
        case let error as DecodingError:
            status = .badRequest
            (message, field) = describe(error, t)
        case let error as any AbortError:
            status = error.status
            switch error.status {
            case .notFound: message = t("error.not_found")
            case .payloadTooLarge: message = t("error.too_large")
            case .badRequest: message = t("error.bad_request")
            case .unsupportedMediaType: message = t("error.unsupported_media")
            case .methodNotAllowed: message = t("error.not_found")
            case .unauthorized: message = t("error.unauthorized")
            case .forbidden: message = t("error.forbidden")
            case .conflict: message = t("error.conflict")
            case .tooManyRequests: message = t("error.too_many_requests")
            case .unprocessableEntity: message = t("error.invalid")
            // Framework and library reasons are English for developers, never a person's message.
            default: message = error.status.code < 500 ? t("error.bad_request") : t("error.internal")
            }
        default:
            status = .internalServerError
            message = t("error.internal")
        }
        if status.code >= 500 {
            request.logger.report(error: error)
        }
        if request.isAPI {
            return json(status: status, error: message, field: field)
        }
        if status == .unauthorized {
            let next = request.url.path.hasPrefix("/") ? request.url.path : "/"
            let target = "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(["/"])) ?? "/")
            return request.redirect(to: target)
        }
        let page = ErrorPage(status: status, message: message)
        let body = Layout.render(request: request, title: t("error.title"), content: page.node)
        let response = Response(status: status, body: .init(string: body))
        response.headers.contentType = .html
        return response
    }

    static func json(status: HTTPResponseStatus, error: String, field: String?) -> Response {
        struct Body: Encodable {
            var error: String
            var field: String?
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let data = (try? encoder.encode(Body(error: error, field: field))) ?? Data("{\"error\":\"error\"}".utf8)
        let response = Response(status: status, body: .init(data: data))
        response.headers.contentType = .json
        return response
    }

    private static func describe(_ error: DecodingError, _ t: Translator) -> (String, String?) {
        func path(_ context: DecodingError.Context) -> String? {
            let p = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }.joined(separator: ".")
            return p.isEmpty ? nil : p
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = (path(context).map { $0 + "." } ?? "") + key.stringValue
            return (t("error.required"), field)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return (t("error.invalid_value"), path(context))
        case .dataCorrupted(let context):
            return (t("error.malformed_body"), path(context))
        @unknown default:
            return (t("error.bad_request"), nil)
        }
    }
}
