import Plot

/// Plot escapes `<` and `>` in text but leaves `&…;` sequences alone and does not escape
/// attribute values at all. Everything from a person or a crawled page goes through these.
enum Escape {
    static func attribute(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for ch in value.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Text shown verbatim: an `&` typed by a person stays an `&`, never an entity.
    static func text(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;")
    }
}

extension Node where Context: HTML.BodyContext {
    /// Hostile-safe text.
    static func txt(_ value: String) -> Node { .text(Escape.text(value)) }
}

extension Attribute {
    /// Hostile-safe attribute of any name.
    static func attr(_ name: String, _ value: String) -> Attribute {
        Attribute(name: name, value: Escape.attribute(value), ignoreIfValueIsEmpty: false)
    }
}

extension Node {
    static func attr(_ name: String, _ value: String) -> Node { .attribute(Attribute.attr(name, value)) }
}
