/// Text after normalisation, with the way back to the original.
///
/// Every byte of `bytes` (the UTF-8 of `text`) remembers the original bytes it came from, so a match
/// found in normalised or transliterated text can be highlighted in the text the analyst sees.
public struct NormalizedText: Sendable, Hashable {
    /// The normalised text (made from `bytes` when asked: the hot paths read bytes).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
    /// UTF-8 of `text`; matchers scan this directly.
    public let bytes: [UInt8]
    /// For each byte of `bytes`, the original UTF-8 range [start, end) it was produced from.
    let originStarts: [Int32]
    let originEnds: [Int32]
    /// Length of the original text in UTF-8 bytes (after any truncation done by the normaliser).
    public let originalLength: Int
    /// True when the normaliser stopped at its input limit.
    public let truncated: Bool

    init(bytes: [UInt8], originStarts: [Int32], originEnds: [Int32], originalLength: Int, truncated: Bool) {
        self.bytes = bytes
        self.originStarts = originStarts
        self.originEnds = originEnds
        self.originalLength = originalLength
        self.truncated = truncated
    }

    /// Bytes with no original behind them (indicator keys split into words).
    static func fromKeyBytes(_ bytes: [UInt8]) -> NormalizedText {
        let origins = (0..<bytes.count).map { Int32($0) }
        return NormalizedText(bytes: bytes, originStarts: origins, originEnds: origins.map { $0 + 1 },
                              originalLength: bytes.count, truncated: false)
    }

    public var isEmpty: Bool { bytes.isEmpty }

    /// The original span covered by normalised bytes `range` (clamped to the text).
    public func originalSpan(ofNormalized range: Range<Int>) -> TextSpan {
        let lower = max(0, min(range.lowerBound, bytes.count))
        let upper = max(lower, min(range.upperBound, bytes.count))
        guard lower < upper else {
            let at = lower < originStarts.count ? Int(originStarts[lower]) : originalLength
            return TextSpan(start: at, end: at)
        }
        return TextSpan(start: Int(originStarts[lower]), end: Int(originEnds[upper - 1]))
    }

    /// The words of the normalised text (letters, digits and word-internal apostrophes), with their
    /// byte ranges in `bytes`.
    public func wordRanges() -> [Range<Int>] {
        var result: [Range<Int>] = []
        var index = 0
        var start = -1
        bytes.withUnsafeBufferPointer { buffer in
            while index < buffer.count {
                let width = UTF8Scan.width(buffer[index])
                var isWord = UTF8Scan.isWordCharacter(buffer, at: index, width: width)
                if !isWord, buffer[index] == 0x27, start >= 0, index + 1 < buffer.count {
                    isWord = UTF8Scan.isWordCharacter(buffer, at: index + 1, width: UTF8Scan.width(buffer[index + 1]))
                }
                if isWord {
                    if start < 0 { start = index }
                } else if start >= 0 {
                    result.append(start..<index)
                    start = -1
                }
                index += width
            }
        }
        if start >= 0 { result.append(start..<bytes.count) }
        return result
    }

    /// The words as strings (convenience for features and shingles).
    public func words() -> [Substring] {
        let text = self.text
        return wordRanges().map { range in
            let lower = text.utf8.index(text.utf8.startIndex, offsetBy: range.lowerBound)
            let upper = text.utf8.index(lower, offsetBy: range.count)
            return text[lower..<upper]
        }
    }
}
