import Foundation

@testable import App

/// Finds what a person reading a Kyrgyz or Russian page should never see: a translation key
/// (`case_state.blocked`, `platform.t`), English interface text, English names of things that have
/// names in the page's language (organisations, regions), and raw JSON.
///
/// English interface text is judged against the en table where it differs from ky and ru: a text
/// node equal to such a string, or made only of words that occur in English strings and in no
/// Kyrgyz or Russian one ("Sources", "Save changes"). Names that stay the same in every language
/// (Telegram, WACZ, SHA-256) are in the ky and ru tables too, so they never count.
struct UntranslatedText {
    struct Finding: Hashable, CustomStringConvertible {
        var rule: String
        var text: String
        var description: String { "\(rule): \(text.prefix(160))" }
    }

    let language: Language
    /// English strings of the interface (whole), words that only English strings use, key prefixes.
    private let englishStrings: Set<String>
    private let englishTemplates: [NSRegularExpression]
    private let englishWords: Set<String>
    private let keys: Set<String>
    private let keyPrefixes: Set<String>
    /// Names whose English form must not show (organisations and regions in English).
    private let englishNames: Set<String>
    /// Text that is data, not interface, whatever language it looks like (login names).
    private let data: Set<String>

    /// Languages are offered by their own names (`Language.endonym`), English as "English".
    static let endonyms = Set(Language.allCases.map(\.endonym))
    /// A file name is a name, not a key (`blocklist.rpz`).
    static let fileExtensions: Set<String> = ["csv", "md", "json", "txt", "rpz", "hosts", "warc", "wacz", "pdf",
                                              "zip", "png", "jpg", "yaml", "xml", "gz", "tsr", "sqlite", "html"]

    init(language: Language, englishNames: [String], data: Set<String> = []) {
        self.language = language
        let tables = Translator.tables
        let en = tables[.en] ?? [:]
        let others = [tables[.ky] ?? [:], tables[.ru] ?? [:]]
        let otherValues = Set(others.flatMap(\.values))
        var strings = Set<String>()
        var templates: [NSRegularExpression] = []
        for (key, value) in en where !others.contains(where: { $0[key] == value }) && !otherValues.contains(value) {
            guard value.contains(where: \.isLatinLetter) else { continue }
            if value.contains("{") {
                if let regex = Self.template(value) { templates.append(regex) }
            } else {
                strings.insert(Self.normalise(value))
            }
        }
        // Placeholder names (`{blocked}`) are code, not words of either language.
        let words = { (value: String) in Self.latinWords(Self.placeholder.stringByReplacingMatches(
            in: value, range: NSRange(value.startIndex..., in: value), withTemplate: " ")) }
        let otherWords = Set(otherValues.flatMap(words))
        englishStrings = strings
        englishTemplates = templates
        englishWords = Set(en.values.flatMap(words)).subtracting(otherWords)
        keys = Set(tables.values.flatMap(\.keys))
        keyPrefixes = Set(keys.compactMap { $0.split(separator: ".").first.map(String.init) })
        self.englishNames = Set(englishNames.filter { $0.count >= 4 })
        self.data = data.union(Self.endonyms)
    }

    /// Every finding in a page's visible text.
    func findings(inPage html: String) -> [Finding] {
        var out: [Finding] = Self.rawCodeOptions(html).map { Finding(rule: "code", text: $0) }
        for node in Self.visibleText(html) {
            out += findings(inText: node)
        }
        return out
    }

    func findings(inText raw: String) -> [Finding] {
        let text = Self.normalise(raw)
        guard !text.isEmpty, !data.contains(text) else { return [] }
        // The demo dataset marks every invented record "demo" ("Demo site 3", "Demo Analyst"): data.
        let isDemoData = Self.latinWords(text).contains("demo")
        var out: [Finding] = []
        for token in text.split(whereSeparator: { $0.isWhitespace || "()[]«»\"',;:!?".contains($0) }) {
            let word = token.trimmingCharacters(in: CharacterSet(charactersIn: "."))
            guard Self.looksLikeKey(word) else { continue }
            let prefix = String(word.prefix { $0 != "." })
            let suffix = String(word.split(separator: ".").last ?? "")
            if !keys.contains(word) && Self.fileExtensions.contains(suffix) { continue }
            if keys.contains(word) || keyPrefixes.contains(prefix) {
                out.append(Finding(rule: "key", text: word))
            }
        }
        if text.contains("{\"") || text.contains("\":") {
            out.append(Finding(rule: "json", text: text))
        }
        let hasCyrillic = text.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) }
        let bare = text.trimmingCharacters(in: CharacterSet(charactersIn: ":*·–—- "))
        if !hasCyrillic && !isDemoData {
            let range = NSRange(bare.startIndex..., in: bare)
            if englishStrings.contains(bare) {
                out.append(Finding(rule: "english", text: text))
            } else if englishTemplates.contains(where: { $0.firstMatch(in: bare, range: range) != nil }) {
                out.append(Finding(rule: "english template", text: text))
            } else {
                let words = Self.latinWords(bare)
                if !words.isEmpty, words.allSatisfy(englishWords.contains) {
                    out.append(Finding(rule: "english words", text: text))
                }
            }
        }
        // A name as a whole text (an option, a cell); a title that contains it ("… feed (demo)") is data.
        if englishNames.contains(bare) {
            out.append(Finding(rule: "english name", text: bare))
        }
        return out
    }

    // MARK: - reading pages

    /// The text a person sees: text between tags (scripts and styles left out), and the attributes
    /// browsers show (`title`, `placeholder`, `aria-label`, `alt`), entities decoded. The language
    /// switch names each language in itself, English included, so it is left out.
    static func visibleText(_ html: String) -> [String] {
        var page = html
        let hidden = [("<script", "</script>"), ("<style", "</style>"),
                      ("<form method=\"post\" action=\"/language\"", "</form>")]
        for (open, close) in hidden {
            page = removing(from: page, open: open, close: close)
        }
        var texts: [String] = []
        var current = ""
        var index = page.startIndex
        while index < page.endIndex {
            let c = page[index]
            if c == "<", let end = page[index...].firstIndex(of: ">") {
                texts.append(current)
                current = ""
                texts += shownAttributes(String(page[index...end]))
                index = page.index(after: end)
                continue
            }
            current.append(c)
            index = page.index(after: index)
        }
        texts.append(current)
        return texts.map(decodeEntities).map(normalise).filter { !$0.isEmpty }
    }

    private static let optionRegex = try! NSRegularExpression(
        pattern: #"<option value="([^"]*)"[^>]*>([^<]*)</option>"#)

    /// Options that show their stored code as their label (`t`, `website`, `regional_training`): a
    /// code the interface forgot to translate, or one the platform table does not even know.
    static func rawCodeOptions(_ html: String) -> [String] {
        optionRegex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap { match in
            guard let value = Range(match.range(at: 1), in: html).map({ String(html[$0]) }),
                  let label = Range(match.range(at: 2), in: html).map({ normalise(String(html[$0])) }),
                  !value.isEmpty, label == value,
                  value.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "_" || $0 == "-" || $0 == ".") })
            else { return nil }
            return "<option>" + value
        }
    }

    private static func removing(from html: String, open: String, close: String) -> String {
        var out = html
        while let start = out.range(of: open), let end = out.range(of: close, range: start.upperBound..<out.endIndex) {
            out.removeSubrange(start.lowerBound..<end.upperBound)
        }
        return out
    }

    private static let placeholder = try! NSRegularExpression(pattern: #"\{[a-z_]+\}"#)

    private static let attributeRegex = try! NSRegularExpression(
        pattern: #"\s(?:title|placeholder|aria-label|alt)="([^"]*)""#)

    private static func shownAttributes(_ tag: String) -> [String] {
        attributeRegex.matches(in: tag, range: NSRange(tag.startIndex..., in: tag)).compactMap {
            Range($0.range(at: 1), in: tag).map { String(tag[$0]) }
        }
    }

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&nbsp;", with: " ")
        out = out.replacingOccurrences(of: "&amp;", with: "&")
        return out
    }

    static func normalise(_ s: String) -> String {
        s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Lowercased Latin words of three letters or more; a token with a digit is a code or a digest
    /// (`add3d0ab41b9`, `expert2`), not a word.
    static func latinWords(_ s: String) -> [String] {
        s.split(whereSeparator: \.isWhitespace).filter { !$0.contains(where: \.isNumber) }
            .flatMap { $0.split { !$0.isLatinLetter } }.map { $0.lowercased() }.filter { $0.count >= 3 }
    }

    /// `case_state.blocked`, `platform.t`: lowercase ASCII segments joined by dots.
    static func looksLikeKey(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { part in
            guard let first = part.first, first.isASCII, first.isLowercase else { return false }
            return part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
        }
    }

    /// An English string with placeholders as a whole-text pattern (`{n} sources` → `^.+ sources$`),
    /// kept only when enough literal English is left to mean something.
    private static func template(_ value: String) -> NSRegularExpression? {
        var pattern = "^"
        var literal = ""
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            literal += rest[..<open]
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<open])) + ".+"
            rest = rest[rest.index(after: close)...]
        }
        literal += rest
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        guard literal.filter(\.isLatinLetter).count >= 8 else { return nil }
        return try? NSRegularExpression(pattern: pattern)
    }
}

extension Character {
    fileprivate var isLatinLetter: Bool {
        isASCII && isLetter
    }
}
