import Fluent
import FluentSQL
import Foundation
import SQLKit

enum Search {
    /// Folded the same way on write and on query, in Swift, so Cyrillic and Kyrgyz letters match
    /// case-insensitively on SQLite as well as on PostgreSQL.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .widthInsensitive], locale: nil).lowercased()
    }

    /// `column LIKE %q%` with the person's `%` and `_` taken literally.
    static func contains(_ column: String, _ query: String) -> DatabaseQuery.Filter {
        let escaped = fold(query)
            .replacingOccurrences(of: "!", with: "!!")
            .replacingOccurrences(of: "%", with: "!%")
            .replacingOccurrences(of: "_", with: "!_")
        return .sql(embed: "\(ident: column) LIKE \(bind: "%" + escaped + "%") ESCAPE '!'")
    }
}
