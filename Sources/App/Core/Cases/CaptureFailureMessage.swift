import Monitor

extension AppError {
    /// Why "capture now" got nothing, in words a person can act on (`capture.failed.<what>`). The
    /// fetcher's own description is English for the log and names internals; it is never shown.
    static func captureFailed(field: String, failure: FetchFailure? = nil, status: Int? = nil) -> AppError {
        switch failure {
        case .invalidURL, .unsupportedScheme, .credentialsInURL:
            return .invalid(field, "capture.failed.bad_address")
        case .addressRefused(let host, _, _):
            return .invalid(field, "capture.failed.not_public", ["host": String(host.prefix(200))])
        case .resolutionFailed(let host, _):
            return .invalid(field, "capture.failed.unknown_host", ["host": String(host.prefix(200))])
        case .tooManyRedirects, .redirectWithoutLocation:
            return .invalid(field, "capture.failed.redirects")
        case .unacceptableContentType(let type):
            return .invalid(field, "capture.failed.content_type", ["type": String(type.prefix(100))])
        case .connectTimeout, .readTimeout, .totalTimeout:
            return .invalid(field, "capture.failed.timeout")
        case .connectionFailed, .cancelled, .invalidConfiguration:
            return .invalid(field, "capture.failed.connection")
        case nil:
            if let status { return .invalid(field, "capture.failed.http_status", ["status": String(status)]) }
            return .invalid(field, "capture.failed.no_response")
        }
    }
}
