import Exchange

extension AppError {
    /// Why a domain, URL or account was refused, as a person reads it: each `BlockTargetError` has
    /// its own translated message with the offending part filled in (`target.error.<code>`), never
    /// the bare code. `line` numbers an entry of a list of targets (a court decision's), so the
    /// message says which line to fix.
    static func target(_ error: BlockTargetError, field: String, line: Int? = nil) -> AppError {
        var values: [String: String] = [:]
        switch error {
        case .inputTooLong(let limit): values["max"] = String(limit)
        case .labelTooLong(let label), .invalidLabel(let label), .invalidPunycode(let label):
            values["label"] = String(label.prefix(80))
        case .publicSuffix(let domain), .sharedPlatformDomain(let domain): values["domain"] = String(domain.prefix(200))
        case .unsupportedScheme(let scheme): values["scheme"] = String(scheme.prefix(32))
        case .invalidHandle(let handle): values["handle"] = String(handle.prefix(200))
        // The URL parser's own reason is English for developers; the person gets the general rule.
        case .empty, .invalidCharacter, .emptyLabel, .domainTooLong, .singleLabel, .numericTopLevel, .invalidURL,
             .credentialsInURL, .invalidPort:
            break
        }
        var result = AppError.invalid(field, "target.error.\(error.code)", values)
        result.line = line
        return result
    }
}
