import Foundation

/// Validation of what people type. Every rule bounds size, refuses control characters that have
/// no business in a field, and keeps the text otherwise verbatim (trimmed of outer whitespace).
enum FieldRules {
    /// A single-line field: 1…max characters unless optional.
    static func line(_ value: String?, field: String, max: Int, required: Bool = true, into errors: inout [String: AppError]) -> String {
        let text = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            if required { errors[field] = .invalid(field, "error.required") }
            return ""
        }
        if text.count > max {
            errors[field] = .invalid(field, "error.too_long", ["max": String(max)])
        } else if text.unicodeScalars.contains(where: { isForbidden($0) || $0 == "\n" || $0 == "\r" }) {
            errors[field] = .invalid(field, "error.control_chars")
        }
        return text
    }

    /// A multi-line field: newlines and tabs allowed.
    static func text(_ value: String?, field: String, max: Int, required: Bool = false, into errors: inout [String: AppError]) -> String {
        let text = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            if required { errors[field] = .invalid(field, "error.required") }
            return ""
        }
        if text.count > max {
            errors[field] = .invalid(field, "error.too_long", ["max": String(max)])
        } else if text.unicodeScalars.contains(where: isForbidden) {
            errors[field] = .invalid(field, "error.control_chars")
        }
        return text
    }

    /// One of a fixed set of values.
    static func choice<E: RawRepresentable & CaseIterable>(_ value: String?, _ type: E.Type, field: String, into errors: inout [String: AppError]) -> E? where E.RawValue == String {
        guard let value, !value.isEmpty else {
            errors[field] = .invalid(field, "error.required")
            return nil
        }
        guard let result = E(rawValue: value) else {
            errors[field] = .invalid(field, "error.unknown_value")
            return nil
        }
        return result
    }

    /// An ISO date (YYYY-MM-DD) that exists in the calendar.
    static func date(_ value: String?, field: String, required: Bool, into errors: inout [String: AppError]) -> String? {
        let text = (value ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            if required { errors[field] = .invalid(field, "error.required") }
            return nil
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard text.count == 10, let date = formatter.date(from: text), formatter.string(from: date) == text else {
            errors[field] = .invalid(field, "error.invalid_date")
            return nil
        }
        return text
    }

    static func integer(_ value: String?, field: String, range: ClosedRange<Int>, into errors: inout [String: AppError]) -> Int? {
        guard let value, let number = Int(value.trimmingCharacters(in: .whitespaces)) else {
            errors[field] = .invalid(field, "error.invalid_number")
            return nil
        }
        guard range.contains(number) else {
            errors[field] = .invalid(field, "error.out_of_range", ["min": String(range.lowerBound), "max": String(range.upperBound)])
            return nil
        }
        return number
    }

    /// C0 and C1 controls (except tab and newlines, judged by the caller), and NUL above all:
    /// they break exports, terminals and some databases.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
