import Foundation
import Vapor

/// The API's query parameters checked against what `openapi.yaml` declares for them. A filter the server
/// cannot read is refused with 422 naming it, never dropped: `?state=in-review` would otherwise list
/// every case as if it had matched. (The pages stay lenient: their forms send empty filters.)
enum APIQuery {
    enum Rule {
        /// A whole number from 1 (record ids, page numbers).
        case id
        /// Text of at most this many characters (JSON Schema's maxLength counts code points).
        case text(max: Int)
        /// One of these values.
        case oneOf([String])
        /// A language code: ASCII letters and hyphens (`ky`, `uz-latn`), at most this many.
        case code(max: Int)
    }

    /// Checks the parameters present; absent ones are the filter's default.
    static func check(_ req: Request, _ rules: [String: Rule]) throws {
        for (name, rule) in rules.sorted(by: { $0.key < $1.key }) {
            guard let value = req.query[String.self, at: name] else { continue }
            switch rule {
            case .id:
                guard let number = Int(value), number >= 1 else { throw AppError.invalid(name, "error.unknown_value") }
            case .text(let max):
                guard value.unicodeScalars.count <= max else {
                    throw AppError.invalid(name, "error.too_long", ["max": String(max)])
                }
            case .oneOf(let allowed):
                guard allowed.contains(value) else { throw AppError.invalid(name, "error.unknown_value") }
            case .code(let max):
                guard value.count <= max, value.unicodeScalars.allSatisfy({ $0.isASCII && ($0 == "-"
                        || CharacterSet.letters.contains($0)) })
                else { throw AppError.invalid(name, "error.unknown_value") }
            }
        }
    }

    /// `page` from 1 and `per_page` from 1 to 200, as declared; out of range is refused, not clamped.
    static func paging(_ req: Request) throws -> Paging {
        try check(req, ["page": .id, "per_page": .id])
        if let perPage = req.query[String.self, at: "per_page"].flatMap(Int.init), perPage > 200 {
            throw AppError.invalid("per_page", "error.unknown_value")
        }
        return Paging.from(req)
    }
}
