import Foundation

/// Turns hostile text into a canonical form that the matchers, the language identifier and the
/// classifier agree on, remembering where every output byte came from.
///
/// Rules, in order:
/// 1. Input is cut at `Options.maxInputBytes` (at a character boundary).
/// 2. Zero-width characters, bidi controls, soft hyphens and other default-ignorable code points go.
/// 3. Apostrophe look-alikes (ʻ ʼ ’ ‘ ` ´ ′) become `'`, so Uzbek oʻ o' o` o’ are one spelling.
/// 4. Unicode NFKC (per character cluster, so offsets survive): full-width letters, ligatures, Arabic
///    presentation forms and decomposed accents become their ordinary forms.
/// 5. Letters spaced or dotted apart ("э к с т р е м", "e.x.t.r.e.m", "к-а-р-а") are joined when at
///    least `minSpacedLetters` single letters follow one another with one separator between them; two
///    spaces end such a run, so "к а р а  т у м а н" stays two words.
/// 6. Inside a word that mixes Latin, Cyrillic and Greek letters, look-alikes are folded into the
///    word's main script (see `Confusables`).
/// 7. Case folding (lowercase; Turkish İ becomes i). Kyrgyz and Kazakh letters (ң ө ү ә ғ қ ұ һ і)
///    are never folded into Russian ones, and ё is kept (Uzbek needs it).
/// 8. Runs of white space become one space; leading and trailing space is dropped.
///
/// `matchingKey` then transliterates Cyrillic into Latin (see `Transliteration`).
public struct TextNormalizer: Sendable {
    public struct Options: Sendable, Hashable {
        /// Longer input is cut here; the result says `truncated`.
        public var maxInputBytes: Int
        /// Shortest run of spaced single letters that is joined into a word.
        public var minSpacedLetters: Int

        public init(maxInputBytes: Int = 4 << 20, minSpacedLetters: Int = 3) {
            self.maxInputBytes = max(0, maxInputBytes)
            self.minSpacedLetters = max(2, minSpacedLetters)
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Normalises bytes that may not be valid UTF-8: invalid sequences become U+FFFD.
    public func normalize(data: Data) -> NormalizedText {
        let limited = data.count > options.maxInputBytes ? data.prefix(options.maxInputBytes) : data
        let text = String(decoding: limited, as: UTF8.self)
        let result = normalize(text)
        guard data.count > options.maxInputBytes, !result.truncated else { return result }
        return NormalizedText(bytes: result.bytes, originStarts: result.originStarts, originEnds: result.originEnds,
                              originalLength: result.originalLength, truncated: true)
    }

    /// The normalised text in its own script.
    public func normalize(_ text: String) -> NormalizedText {
        var text = text
        return text.withUTF8 { bytes in
            var length = min(bytes.count, options.maxInputBytes)
            // Cut at a character boundary, never inside a multi-byte sequence.
            while length > 0, length < bytes.count, bytes[length] & 0xC0 == 0x80 { length -= 1 }
            let truncated = length < bytes.count
            var units = UnitBuffer(capacity: length)
            ScalarTable.low.withUnsafeBufferPointer { table in
                collectUnits(UnsafeBufferPointer(rebasing: bytes[0..<length]), table, into: &units)
                let words = Self.wordRanges(units, table)
                let runs = joinSpacedLetters(&units, words: words, table)
                foldConfusables(&units, words: words, joinedRuns: runs, table)
            }
            return emitLowercased(units, originalLength: length, truncated: truncated)
        }
    }

    /// The transliterated matching key of `text` (normalise, then Cyrillic → Latin).
    public func matchingKey(_ text: String) -> NormalizedText {
        Transliteration.key(of: normalize(text))
    }

    /// The transliterated matching key of already-normalised text.
    public static func matchingKey(of normalized: NormalizedText) -> NormalizedText {
        Transliteration.key(of: normalized)
    }

    // MARK: - Stages

    struct UnitBuffer {
        var values: [UInt32] = []
        var starts: [Int32] = []
        var ends: [Int32] = []

        init(capacity: Int) {
            values.reserveCapacity(capacity)
            starts.reserveCapacity(capacity)
            ends.reserveCapacity(capacity)
        }

        @inline(__always)
        mutating func append(_ value: UInt32, _ start: Int, _ end: Int) {
            values.append(value)
            starts.append(Int32(truncatingIfNeeded: start))
            ends.append(Int32(truncatingIfNeeded: end))
        }

        var count: Int { values.count }

        /// Value of a unit removed by a later stage (joined spacing); never a scalar.
        static let deleted: UInt32 = 0xFFFF_FFFF

        @inline(__always) func isDeleted(_ index: Int) -> Bool { values[index] == Self.deleted }
    }

    /// Decodes the scalar at `index` of valid UTF-8 (Swift strings always are).
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (value: UInt32, width: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let width = min(UTF8Scan.width(lead), bytes.count - index)
        guard width > 1 else { return (0xFFFD, 1) }
        var value = UInt32(lead) & (width == 2 ? 0x1F : width == 3 ? 0x0F : 0x07)
        for offset in 1..<width { value = (value << 6) | (UInt32(bytes[index + offset]) & 0x3F) }
        return (value, width)
    }

    private func collectUnits(_ bytes: UnsafeBufferPointer<UInt8>, _ table: UnsafeBufferPointer<UInt32>,
                              into units: inout UnitBuffer) {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80, lead > 0x20, lead != 0x60, lead != 0x7F {
                units.append(UInt32(lead), index, index + 1)
                index += 1
                continue
            }
            let (value, width) = Self.decode(bytes, index)
            let info = ScalarTable.info(value, table)
            switch ScalarTable.kind(info) {
            case .apostrophe:
                units.append(0x27, index, index + width)
                index += width
                continue
            case .ignorable:
                index += width
                continue
            case .space:
                units.append(0x20, index, index + width)
                index += width
                continue
            case .simple, .complex:
                break
            }
            var next = index + width
            while next < count, bytes[next] >= 0xC0 {
                let (following, followingWidth) = Self.decode(bytes, next)
                guard following >= 0x300, ScalarTable.isMark(ScalarTable.info(following, table)) else { break }
                next += followingWidth
            }
            if next == index + width, ScalarTable.kind(info) == .simple {
                units.append(value, index, next)
            } else {
                let cluster = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<next]), as: UTF8.self)
                for piece in cluster.precomposedStringWithCompatibilityMapping.unicodeScalars {
                    switch ScalarTable.kind(ScalarTable.info(piece.value, table)) {
                    case .ignorable: continue
                    case .apostrophe: units.append(0x27, index, next)
                    case .space: units.append(0x20, index, next)
                    case .simple, .complex: units.append(piece.value, index, next)
                    }
                }
            }
            index = next
        }
    }

    static let spacingJoiners: Set<UInt32> = [
        0x2E, 0x2D, 0x5F, 0x2A, 0xB7, 0x2022, 0x2027, 0x2219, 0x2F, 0x7C, 0x2B, 0x7E,
    ]

    /// Word ranges over units: runs of word characters, with apostrophes between letters inside.
    static func wordRanges(_ units: UnitBuffer, _ table: UnsafeBufferPointer<UInt32>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = -1
        units.values.withUnsafeBufferPointer { values in
            for index in 0..<values.count {
                let value = values[index]
                var inWord = ScalarTable.isWord(ScalarTable.info(value, table))
                if !inWord, value == 0x27, start >= 0, index + 1 < values.count,
                   ScalarTable.isWord(ScalarTable.info(values[index + 1], table)) {
                    inWord = true
                }
                if inWord {
                    if start < 0 { start = index }
                } else if start >= 0 {
                    result.append(start..<index)
                    start = -1
                }
            }
        }
        if start >= 0 { result.append(start..<units.values.count) }
        return result
    }

    /// Joins runs of spaced single letters by deleting the separators; returns the joined runs.
    private func joinSpacedLetters(_ units: inout UnitBuffer, words: [Range<Int>], _ table: UnsafeBufferPointer<UInt32>)
        -> [Range<Int>]
    {
        var joined: [Range<Int>] = []
        var runStart = 0
        func isSingleLetter(_ range: Range<Int>) -> Bool {
            guard range.count >= 1, range.count <= 4,
                  ScalarTable.isLetter(ScalarTable.info(units.values[range.lowerBound], table)) else { return false }
            return range.dropFirst().allSatisfy { ScalarTable.isMark(ScalarTable.info(units.values[$0], table)) }
        }
        func gapJoins(_ from: Int, _ to: Int) -> Bool {
            let gap = units.values[from..<to]
            guard (1...3).contains(gap.count) else { return false }
            let spaces = gap.filter { $0 == 0x20 }.count
            let joiners = gap.filter { Self.spacingJoiners.contains($0) }.count
            guard spaces + joiners == gap.count, joiners <= 1 else { return false }
            if joiners == 0 { return spaces == 1 }
            // One joiner, optionally with one space on either side.
            return gap.count == 1 || (gap.count == 3 && gap[gap.startIndex] == 0x20) || gap.count == 2
        }
        func closeRun(_ end: Int) {
            let length = end - runStart
            guard length >= options.minSpacedLetters else { return }
            for word in runStart..<(end - 1) {
                for index in words[word].upperBound..<words[word + 1].lowerBound {
                    units.values[index] = UnitBuffer.deleted
                }
            }
            joined.append(words[runStart].lowerBound..<words[end - 1].upperBound)
        }
        var index = 0
        while index < words.count {
            if !isSingleLetter(words[index]) {
                closeRun(index)
                runStart = index + 1
            } else if index > runStart, !gapJoins(words[index - 1].upperBound, words[index].lowerBound) {
                closeRun(index)
                runStart = index
            }
            index += 1
        }
        closeRun(words.count)
        return joined
    }

    private func foldConfusables(_ units: inout UnitBuffer, words: [Range<Int>], joinedRuns: [Range<Int>],
                                 _ table: UnsafeBufferPointer<UInt32>) {
        var words = words
        if !joinedRuns.isEmpty {
            // Joined runs replace the single-letter words inside them (both lists are sorted).
            var merged: [Range<Int>] = []
            var run = 0
            for word in words {
                while run < joinedRuns.count, joinedRuns[run].upperBound <= word.lowerBound {
                    merged.append(joinedRuns[run])
                    run += 1
                }
                if run < joinedRuns.count, joinedRuns[run].overlaps(word) { continue }
                merged.append(word)
            }
            merged.append(contentsOf: joinedRuns[run...])
            words = merged
        }
        for range in words {
            var scripts: UInt32 = 0
            for index in range where !units.isDeleted(index) {
                let script = ScalarTable.script(ScalarTable.info(units.values[index], table))
                if script != 0 { scripts |= 1 << script }
            }
            guard scripts.nonzeroBitCount > 1 else { continue }
            let kept = range.filter { !units.isDeleted($0) }
            var letters = kept.map { units.values[$0] }
            Confusables.foldMixedScript(&letters)
            for (position, index) in kept.enumerated() { units.values[index] = letters[position] }
        }
    }

    private func emitLowercased(_ units: UnitBuffer, originalLength: Int, truncated: Bool) -> NormalizedText {
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        bytes.reserveCapacity(units.count + units.count / 2)
        starts.reserveCapacity(bytes.capacity)
        ends.reserveCapacity(bytes.capacity)
        var lastWasSpace = true
        ScalarTable.low.withUnsafeBufferPointer { table in
            for index in 0..<units.count {
                let value = units.values[index]
                if value == UnitBuffer.deleted { continue }
                let start = units.starts[index]
                let end = units.ends[index]
                if value == 0x20 {
                    if !lastWasSpace {
                        bytes.append(0x20)
                        starts.append(start)
                        ends.append(end)
                    }
                    lastWasSpace = true
                    continue
                }
                lastWasSpace = false
                if value < 0x80 {
                    bytes.append(UInt8((value >= 0x41 && value <= 0x5A) ? value + 0x20 : value))
                    starts.append(start)
                    ends.append(end)
                    continue
                }
                let before = bytes.count
                let lower = ScalarTable.info(value, table) & ScalarTable.lowMask
                if lower != 0 {
                    UTF8Scan.append(lower, to: &bytes)
                } else if let scalar = Unicode.Scalar(value) {
                    for piece in scalar.properties.lowercaseMapping.unicodeScalars {
                        UTF8Scan.append(piece.value, to: &bytes)
                    }
                }
                for _ in before..<bytes.count {
                    starts.append(start)
                    ends.append(end)
                }
            }
        }
        if bytes.last == 0x20 {
            bytes.removeLast()
            starts.removeLast()
            ends.removeLast()
        }
        return NormalizedText(bytes: bytes, originStarts: starts, originEnds: ends,
                              originalLength: originalLength, truncated: truncated)
    }
}
