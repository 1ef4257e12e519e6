/// A range of the ORIGINAL text, in UTF-8 code units (bytes), half-open.
///
/// UTF-8 offsets are what Swift strings store natively, so `String.Index(utf8Offset:in:)` turns a span
/// back into string indices in constant time; a web page can convert them when it needs UTF-16.
public struct TextSpan: Codable, Hashable, Sendable, Comparable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    public var length: Int { end - start }

    public static func < (lhs: TextSpan, rhs: TextSpan) -> Bool {
        lhs.start != rhs.start ? lhs.start < rhs.start : lhs.end < rhs.end
    }

    /// The part of `original` this span covers; empty when the span does not fit the string or falls
    /// inside a multi-byte character.
    public func substring(of original: String) -> Substring {
        let utf8 = original.utf8
        guard start >= 0, end <= utf8.count, start <= end,
              let lower = utf8.index(utf8.startIndex, offsetBy: start, limitedBy: utf8.endIndex),
              let upper = utf8.index(utf8.startIndex, offsetBy: end, limitedBy: utf8.endIndex),
              lower.samePosition(in: original.unicodeScalars) != nil,
              upper.samePosition(in: original.unicodeScalars) != nil
        else { return "" }
        return original[lower..<upper]
    }
}
