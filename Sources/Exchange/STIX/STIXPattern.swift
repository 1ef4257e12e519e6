import Foundation

/// STIX patterns for what Kaiguul shares, and the reading back of its own simple ones (for MISP).
/// A string literal escapes `\` and `'` (STIX 2.1 §9.2); nothing else may change the pattern's shape.
public enum STIXPattern {
    public static func literal(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// A blocked site: the domain itself or any name under it (DNS blocks take the subdomains too).
    public static func domain(_ name: String) -> String {
        var pattern = "[domain-name:value = \(literal(name))"
        // `_` and `%` are LIKE wildcards; a name holding one gets the exact comparison only.
        if !name.contains("_"), !name.contains("%") {
            pattern += " OR domain-name:value LIKE \(literal("%." + name))"
        }
        return pattern + "]"
    }

    public static func url(_ value: String) -> String { "[url:value = \(literal(value))]" }

    /// Exact file hashes (`SHA-256`, `MD5`, ...), any one of which identifies the file.
    public static func fileHashes(_ hashes: [String: String]) -> String? {
        let order = ["SHA-256", "MD5", "SHA-1", "SHA-512"]
        let parts = order.compactMap { name in
            hashes[name].map { "file:hashes.\(name.contains("-") ? "'\(name)'" : name) = \(literal($0))" }
        }
        return parts.isEmpty ? nil : "[" + parts.joined(separator: " OR ") + "]"
    }

    /// The `=` comparisons of a pattern as (object path, value), in order; LIKE and other operators
    /// are skipped. Enough for the patterns written above, not a general STIX pattern parser.
    public static func equalities(_ pattern: String) -> [(path: String, value: String)] {
        var result: [(String, String)] = []
        let chars = Array(pattern)
        var i = 0
        var pathStart = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                // A quoted path component (hashes.'SHA-256') or a literal; literals follow an operator.
                var j = i + 1
                var text = ""
                while j < chars.count, chars[j] != "'" {
                    if chars[j] == "\\", j + 1 < chars.count { j += 1 }
                    text.append(chars[j])
                    j += 1
                }
                let before = String(chars[pathStart..<i]).trimmingCharacters(in: .whitespaces)
                if before.hasSuffix(" =") || before.hasSuffix("=") {
                    let path = before.dropLast().trimmingCharacters(in: .whitespaces)
                    if !path.hasSuffix("LIKE"), !path.hasSuffix("!") {
                        result.append((path.replacingOccurrences(of: "'", with: ""), text))
                    }
                    pathStart = j + 1
                }
                i = j + 1
                continue
            }
            // `[` opens an observation, except right after a property name, where it is a list index (`pdq[*]`).
            if c == "(" || (c == "[" && !(i > 0 && (chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_"))) {
                pathStart = i + 1
            }
            if c == " ", i + 3 < chars.count, String(chars[i..<min(i + 4, chars.count)]) == " OR " {
                pathStart = i + 4
                i += 4
                continue
            }
            i += 1
        }
        return result
    }
}
