import Fluent
import FluentSQL
import SQLKit

/// A list's `q` search over columns that have no folded copy (`search_text`): a row matches when any
/// column contains the text. `LOWER(column)` against the folded text is case-insensitive on PostgreSQL
/// for every script; SQLite's `LOWER` and `LIKE` fold ASCII only, so there the text as typed is tried
/// too (a Cyrillic word matches in the case it was written).
enum TextMatch {
    static func anyContains(_ columns: [String], _ text: String) -> DatabaseQuery.Filter {
        let folded = pattern(Search.fold(text))
        let typed = pattern(text)
        let tests: [any SQLExpression] = columns.flatMap { column -> [any SQLExpression] in
            [SQLQueryString("LOWER(\(ident: column)) LIKE \(bind: folded) ESCAPE '!'"),
             SQLQueryString("\(ident: column) LIKE \(bind: typed) ESCAPE '!'")]
        }
        return .sql(SQLGroupExpression(SQLList(tests, separator: SQLRaw(" OR "))))
    }

    /// `%text%` with the person's `%` and `_` taken literally.
    static func pattern(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "!", with: "!!")
            .replacingOccurrences(of: "%", with: "!%")
            .replacingOccurrences(of: "_", with: "!_")
        return "%" + escaped + "%"
    }
}
