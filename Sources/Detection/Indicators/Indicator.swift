/// How an indicator is matched against text.
public enum IndicatorMode: String, Codable, Sendable, CaseIterable, Hashable {
    /// The whole word, nothing before or after it.
    case word
    /// A word starting with the indicator, any suffix allowed (Kyrgyz and Kazakh are agglutinative:
    /// "туман" matches "туманы", "тумандын").
    case stem
    /// Words in order with at most `maxGap` other words between neighbours; each word of four or
    /// more letters matches as a stem, shorter words must match whole.
    case phrase
    /// `#tag`: the word right after a `#`.
    case hashtag
    /// `@name` or a profile path (`t.me/name`).
    case handle
    /// A domain or any of its subdomains (`example.org` matches `www.example.org/page`).
    case domain
}

/// A word, phrase, hashtag, handle or domain tied to an organisation.
public struct Indicator: Codable, Hashable, Sendable {
    /// Stable identifier (the database id); defaults to organisation, mode and text.
    public var id: String
    public var organizationID: String
    public var text: String
    /// ISO 639-1 code of the indicator's language, if known.
    public var language: String?
    /// How much one match counts towards the triage priority (0 < weight ≤ 10, 1 is ordinary).
    public var weight: Double
    public var mode: IndicatorMode
    /// For `.phrase`: most words allowed between two words of the phrase.
    public var maxGap: Int

    public init(id: String? = nil, organizationID: String, text: String, language: String? = nil, weight: Double = 1,
                mode: IndicatorMode = .word, maxGap: Int = 2) {
        self.id = id ?? "\(organizationID):\(mode.rawValue):\(text)"
        self.organizationID = organizationID
        self.text = text
        self.language = language
        self.weight = weight
        self.mode = mode
        self.maxGap = max(0, min(maxGap, 8))
    }
}

/// One place an indicator matched.
public struct IndicatorMatch: Codable, Hashable, Sendable {
    public let indicatorID: String
    public let organizationID: String
    public let mode: IndicatorMode
    public let language: String?
    public let weight: Double
    /// Where in the ORIGINAL text (UTF-8 byte offsets).
    public let span: TextSpan
    /// The original text of the span, for the analyst.
    public let matchedText: String
}
