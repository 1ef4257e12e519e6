/// The matching mode a written indicator implies by its form, so names and aliases typed once in the
/// organisation registry become indicators without anyone choosing a mode.
public enum IndicatorSpelling {
    /// One word this long or longer matches as a stem (Kyrgyz adds case and possessive suffixes:
    /// "каратуман" → "каратумандын"); shorter words (abbreviations) must match whole, or they
    /// would fire on the start of unrelated words.
    public static let minStemLetters = 5

    /// `#tag` → hashtag, `@name` or `t.me/name` → handle, `example.org` → domain, several words →
    /// phrase, one word → stem (or word when short).
    public static func mode(of raw: String, normalizer: TextNormalizer = TextNormalizer()) -> IndicatorMode {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("#") { return .hashtag }
        if text.hasPrefix("@") || isProfileLink(text) { return .handle }
        if looksLikeDomain(text) { return .domain }
        let words = normalizer.matchingKey(text).wordRanges().count
        if words >= 2 { return .phrase }
        return normalizer.normalize(text).text.count >= minStemLetters ? .stem : .word
    }

    /// `t.me/name`, `https://telegram.me/name`: a Telegram profile.
    static func isProfileLink(_ text: String) -> Bool {
        var rest = text.lowercased()
        for prefix in ["https://", "http://"] where rest.hasPrefix(prefix) { rest.removeFirst(prefix.count) }
        if rest.hasPrefix("www.") { rest.removeFirst(4) }
        for host in ["t.me/", "telegram.me/"] where rest.hasPrefix(host) {
            let name = rest.dropFirst(host.count).prefix { $0 != "/" && $0 != "?" }
            return !name.isEmpty
        }
        return false
    }

    /// A host name (optionally with a scheme or path): two or more dot-separated labels of letters,
    /// digits and hyphens, the last of at least two letters. "К.Т." (initials) is not a domain.
    static func looksLikeDomain(_ text: String) -> Bool {
        guard !text.contains(where: \.isWhitespace), text.contains(".") else { return false }
        let host = IndicatorMatcher.bareDomain(text)
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } })
        else { return false }
        let top = labels[labels.count - 1]
        return top.count >= 2 && top.allSatisfy(\.isLetter)
    }

    /// The indicators an organisation's registered names and aliases stand for. Each distinct form
    /// once (the same alias typed in two spellings that normalise alike counts once).
    public static func indicators(organizationID: String, names: [String], aliases: [String], weight: Double = 2,
                                  normalizer: TextNormalizer = TextNormalizer()) -> [Indicator] {
        var seen = Set<String>()
        var result: [Indicator] = []
        for (kind, values) in [("name", names), ("alias", aliases)] {
            for value in values {
                let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { continue }
                let mode = mode(of: text, normalizer: normalizer)
                let indicator = Indicator(id: "organization-\(organizationID):\(kind):\(text)",
                                          organizationID: organizationID, text: text, weight: weight, mode: mode)
                for spelling in withPlainSpelling(indicator, normalizer: normalizer) {
                    guard case .success = IndicatorMatcher.compile(spelling, normalizer: normalizer),
                          seen.insert(identity(of: spelling, normalizer: normalizer)).inserted
                    else { continue }
                    result.append(spelling)
                }
            }
        }
        return result
    }

    /// An alias that mixes Latin and Cyrillic inside a word ("KaraТуман") is written so on purpose; the
    /// normaliser folds such a word into one script by look-alike letters, which is right for
    /// disguised text but gives a key no plain spelling shares. This spelling transliterates each
    /// run on its own ("karatuman"), so "каратуман" and "karatuman" match too. Nil when no word mixes.
    public static func singleScriptSpelling(_ text: String, normalizer: TextNormalizer = TextNormalizer()) -> String? {
        enum Script { case latin, cyrillic, other }
        func script(_ character: Character) -> Script {
            guard character.isLetter, let scalar = character.unicodeScalars.first else { return .other }
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: return .latin
            case 0x400...0x52F: return .cyrillic
            default: return .other
            }
        }
        var mixed = false
        var words: [String] = []
        for word in text.split(whereSeparator: \.isWhitespace) {
            let scripts = Set(word.map(script)).subtracting([.other])
            guard scripts.count > 1 else {
                words.append(String(word))
                continue
            }
            mixed = true
            var runs: [String] = []
            var current = ""
            var currentScript: Script?
            for character in word {
                let kind = script(character)
                if kind != .other, let currentScript, kind != currentScript {
                    runs.append(current)
                    current = ""
                }
                if kind != .other { currentScript = kind }
                current.append(character)
            }
            runs.append(current)
            words.append(runs.map { normalizer.matchingKey($0).text.filter { !$0.isWhitespace } }.joined())
        }
        return mixed ? words.joined(separator: " ") : nil
    }

    /// The indicator, and for a mixed-script one also its plain spelling under the same id (so a
    /// text that matches both still counts the indicator once).
    public static func withPlainSpelling(_ indicator: Indicator, normalizer: TextNormalizer = TextNormalizer())
        -> [Indicator]
    {
        guard indicator.mode != .domain, let plain = singleScriptSpelling(indicator.text, normalizer: normalizer) else {
            return [indicator]
        }
        var variant = indicator
        variant.text = plain
        return [indicator, variant]
    }

    /// Organisation, mode and matching key: two indicators with the same identity match the same
    /// places, so only one of them should count.
    public static func identity(of indicator: Indicator, normalizer: TextNormalizer = TextNormalizer()) -> String {
        var text = indicator.text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch indicator.mode {
        case .hashtag: while text.hasPrefix("#") { text.removeFirst() }
        case .handle: while text.hasPrefix("@") { text.removeFirst() }
        case .domain: text = IndicatorMatcher.bareDomain(text)
        case .word, .stem, .phrase: break
        }
        return "\(indicator.organizationID)\u{1F}\(indicator.mode.rawValue)\u{1F}\(normalizer.matchingKey(text).text)"
    }
}

extension IndicatorSpelling {
    /// Why the matcher would refuse this indicator (empty, too long, not starting with a letter…), or nil.
    public static func rejection(of indicator: Indicator, normalizer: TextNormalizer = TextNormalizer()) -> String? {
        if case .failure(let error) = IndicatorMatcher.compile(indicator, normalizer: normalizer) { return error.message }
        return nil
    }

    /// An ISO 639 code with an optional script: `ky`, `ru`, `uz-latn`.
    public static func isLanguageTag(_ tag: String) -> Bool { RegistryImport.isLanguageTag(tag) }
}
