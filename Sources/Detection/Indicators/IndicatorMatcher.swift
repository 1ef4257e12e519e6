import Foundation

/// Matches many indicators at once in one pass over the matching key of a text.
///
/// Every mode is anchored at the start of a word (a hashtag, handle or domain starts with a word
/// character too), so instead of Aho–Corasick's failure links the matcher walks one trie of all
/// indicator keys from each word start: the same single left-to-right pass, with no automaton
/// states to store per byte class, and each walk stops at the first byte no indicator continues
/// with. Mode rules (word end, `#` before, domain boundaries, phrase gaps) are checked on the
/// few walks that reach an indicator's end.
///
/// Text and indicators both go through `TextNormalizer.matchingKey`, so an indicator written in
/// Cyrillic matches Latin-script text and look-alike tricks, and spans point into the original.
public struct IndicatorMatcher: Sendable {
    public struct Options: Sendable, Hashable {
        /// At most this many matches are returned for one text (hostile input repeats indicators).
        public var maxMatches: Int
        public init(maxMatches: Int = 10_000) { self.maxMatches = max(1, maxMatches) }
    }

    /// An indicator that could not be compiled, with the reason.
    public struct Rejection: Sendable, Hashable {
        public let indicator: Indicator
        public let reason: String
    }

    enum Kind: UInt8 { case whole, stem, hashtag, handle, domain, phraseWhole, phraseStem }

    struct Pattern: Sendable {
        let indicator: Int32
        let kind: Kind
        let part: UInt16
    }

    public let indicators: [Indicator]
    public let rejected: [Rejection]
    public var options: Options
    let normalizer: TextNormalizer
    private let patterns: [Pattern]
    /// For phrase indicators: number of parts, by indicator index (0 for other modes).
    private let phraseParts: [UInt16]
    private let trie: ByteTrie

    public static let maxIndicatorBytes = 256
    /// Bound on the sum of all indicator keys, about a million long indicators (the trie then takes
    /// a few hundred MB; 100,000 indicators of the benchmark take about 1.5 MB of keys).
    public static let maxTotalKeyBytes = 1 << 24

    public init(indicators: [Indicator], options: Options = Options(), normalizer: TextNormalizer = TextNormalizer()) {
        self.options = options
        self.normalizer = normalizer
        var accepted: [Indicator] = []
        var rejected: [Rejection] = []
        var keys: [[UInt8]] = []
        var values: [Int32] = []
        var patterns: [Pattern] = []
        var phraseParts: [UInt16] = []
        var totalKeyBytes = 0
        for indicator in indicators {
            let compiled = Self.compile(indicator, normalizer: normalizer)
            switch compiled {
            case .failure(let reason):
                rejected.append(Rejection(indicator: indicator, reason: reason.message))
            case .success(let parts):
                // The trie numbers its nodes with Int32; bound the total so it never overflows.
                let size = parts.reduce(0) { $0 + $1.keys.reduce(0) { $0 + $1.count } }
                guard totalKeyBytes + size <= Self.maxTotalKeyBytes else {
                    rejected.append(Rejection(indicator: indicator, reason: "matcher capacity reached"))
                    continue
                }
                totalKeyBytes += size
                let index = Int32(accepted.count)
                accepted.append(indicator)
                phraseParts.append(indicator.mode == .phrase ? UInt16(parts.count) : 0)
                for (partIndex, part) in parts.enumerated() {
                    for key in part.keys {
                        keys.append(key)
                        values.append(Int32(patterns.count))
                        patterns.append(Pattern(indicator: index, kind: part.kind, part: UInt16(partIndex)))
                    }
                }
            }
        }
        self.indicators = accepted
        self.rejected = rejected
        self.patterns = patterns
        self.phraseParts = phraseParts
        self.trie = ByteTrie(keys: keys, values: values)
    }

    struct CompileError: Error { let message: String }
    struct CompiledPart { let kind: Kind; let keys: [[UInt8]] }

    static func compile(_ indicator: Indicator, normalizer: TextNormalizer) -> Result<[CompiledPart], CompileError> {
        guard indicator.weight.isFinite, indicator.weight > 0 else {
            return .failure(.init(message: "weight must be > 0"))
        }
        var text = indicator.text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch indicator.mode {
        case .hashtag:
            while text.hasPrefix("#") { text.removeFirst() }
            text = text.filter { !$0.isWhitespace }
        case .handle:
            let prefixes = ["https://", "http://", "www.", "t.me/", "telegram.me/"]
            for prefix in prefixes where text.lowercased().hasPrefix(prefix) {
                text.removeFirst(prefix.count)
            }
            while text.hasPrefix("@") { text.removeFirst() }
        case .domain:
            text = Self.bareDomain(text)
        case .word, .stem, .phrase:
            break
        }
        let key = normalizer.matchingKey(text)
        guard !key.isEmpty else { return .failure(.init(message: "empty after normalisation")) }
        guard key.bytes.count <= maxIndicatorBytes else {
            return .failure(.init(message: "longer than \(maxIndicatorBytes) bytes"))
        }
        let startsWithWord = key.bytes.withUnsafeBufferPointer {
            UTF8Scan.isWordCharacter($0, at: 0, width: min(UTF8Scan.width($0[0]), $0.count))
        }
        guard startsWithWord else { return .failure(.init(message: "must start with a letter or digit")) }
        let variants = Self.yoVariants(text, key: key, normalizer: normalizer)
        switch indicator.mode {
        case .word: return .success([CompiledPart(kind: .whole, keys: variants)])
        case .stem: return .success([CompiledPart(kind: .stem, keys: variants)])
        case .hashtag: return .success([CompiledPart(kind: .hashtag, keys: [key.bytes])])
        case .handle: return .success([CompiledPart(kind: .handle, keys: [key.bytes])])
        case .domain:
            guard key.bytes.contains(0x2E) else { return .failure(.init(message: "a domain needs a dot")) }
            return .success([CompiledPart(kind: .domain, keys: [key.bytes])])
        case .phrase:
            let words = key.wordRanges().map { Array(key.bytes[$0]) }
            guard words.count <= 12 else { return .failure(.init(message: "a phrase has at most 12 words")) }
            // The ё-less spelling of each word, when it splits into the same number of words.
            var plainWords: [[UInt8]] = []
            if variants.count > 1 {
                let plain = NormalizedText.fromKeyBytes(variants[1])
                plainWords = plain.wordRanges().map { Array(plain.bytes[$0]) }
            }
            return .success(words.enumerated().map { position, word in
                let letters = String(decoding: word, as: UTF8.self).count
                var keys = [word]
                if plainWords.count == words.count, plainWords[position] != word { keys.append(plainWords[position]) }
                // Turkic noun phrases inflect only their last word ("Кара Туман Бирлигинин").
                let isLast = position == words.count - 1
                return CompiledPart(kind: isLast && letters >= 4 ? .phraseStem : .phraseWhole, keys: keys)
            })
        }
    }

    /// Russian text often writes ё as е; an indicator with ё also matches the е spelling.
    static func yoVariants(_ text: String, key: NormalizedText?, normalizer: TextNormalizer) -> [[UInt8]] {
        let base = key?.bytes ?? normalizer.matchingKey(text).bytes
        guard text.contains("ё") || text.contains("Ё") else { return [base] }
        let plain = text.replacingOccurrences(of: "ё", with: "е").replacingOccurrences(of: "Ё", with: "Е")
        let other = normalizer.matchingKey(plain).bytes
        return other == base ? [base] : [base, other]
    }

    static func bareDomain(_ raw: String) -> String {
        var text = raw.lowercased()
        if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
        if let slash = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { text = String(text[..<slash]) }
        if let at = text.lastIndex(of: "@") { text = String(text[text.index(after: at)...]) }
        if let colon = text.lastIndex(of: ":") { text = String(text[..<colon]) }
        if text.hasPrefix("www.") { text.removeFirst(4) }
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }

    // MARK: - Matching

    public func matches(in text: String) -> [IndicatorMatch] {
        let key = TextNormalizer.matchingKey(of: normalizer.normalize(text))
        return matches(inKey: key, original: text)
    }

    /// Matches in an already-built key (`TextNormalizer.matchingKey`); `original` is the text the
    /// key was made from, used for `matchedText`.
    public func matches(inKey key: NormalizedText, original: String) -> [IndicatorMatch] {
        let hits = scan(key.bytes)
        return resolve(hits, key: key, original: original)
    }

    /// Raw hits of the single pass, before phrase assembly and span mapping (benchmarks, capacity checks).
    public func countHits(inKey key: NormalizedText) -> Int {
        scan(key.bytes).count
    }

    struct Hit {
        let pattern: Int32
        let start: Int
        let end: Int
        let word: Int
    }

    /// The single pass: walk the trie from every word start, record hits whose mode rules hold.
    func scan(_ bytes: [UInt8]) -> [Hit] {
        var hits: [Hit] = []
        let limit = options.maxMatches > Int.max / 4 ? Int.max : options.maxMatches * 4
        bytes.withUnsafeBufferPointer { text in
        trie.rootNext.withUnsafeBufferPointer { rootNext in
        trie.twoByteNext.withUnsafeBufferPointer { twoByteNext in
        trie.nodeTable.withUnsafeBufferPointer { nodeTable in
        trie.edgeBytes.withUnsafeBufferPointer { edgeBytes in
        trie.edgeTargets.withUnsafeBufferPointer { edgeTargets in
        trie.outputs.withUnsafeBufferPointer { outputs in
        patterns.withUnsafeBufferPointer { patterns in
        UTF8Scan.asciiWord.withUnsafeBufferPointer { asciiWord in
            let count = text.count
            var index = 0
            var previousWasWord = false
            var wordNumber = -1
            /// Records the outputs of `node` for a walk from `start` that has read up to `position`.
            @inline(__always)
            func emit(_ node: Int, start: Int, position: Int) -> Bool {
                let outputLow = Int(nodeTable[node &* 4 &+ 2])
                let outputHigh = Int(nodeTable[node &* 4 &+ 3])
                guard outputLow < outputHigh else { return true }
                for slot in outputLow..<outputHigh {
                    let patternIndex = outputs[slot]
                    if accepts(patterns[Int(patternIndex)].kind, text, start: start, end: position) {
                        hits.append(Hit(pattern: patternIndex, start: start, end: position, word: wordNumber))
                    }
                }
                return hits.count < limit
            }
            while index < count {
                let lead = text[index]
                let width: Int
                let isWord: Bool
                if lead < 0x80 {
                    width = 1
                    isWord = asciiWord[Int(lead)]
                } else {
                    width = min(UTF8Scan.width(lead), count - index)
                    isWord = UTF8Scan.isWordCharacter(text, at: index, width: width)
                }
                if isWord && !previousWasWord {
                    wordNumber += 1
                    walk: do {
                        let first = rootNext[Int(lead)]
                        guard first >= 0 else { break walk }
                        if !emit(Int(first), start: index, position: index + 1) { return }
                        guard index + 1 < count else { break walk }
                        var node = twoByteNext[Int(lead) << 8 | Int(text[index + 1])]
                        var position = index + 2
                        while node >= 0 {
                            if !emit(Int(node), start: index, position: position) { return }
                            guard position < count else { break }
                            let byte = text[position]
                            let low = Int(nodeTable[Int(node) &* 4])
                            let high = Int(nodeTable[Int(node) &* 4 &+ 1])
                            var next: Int32 = -1
                            if high &- low <= 8 {
                                var edge = low
                                while edge < high {
                                    let candidate = edgeBytes[edge]
                                    if candidate >= byte {
                                        if candidate == byte { next = edgeTargets[edge] }
                                        break
                                    }
                                    edge &+= 1
                                }
                            } else {
                                var lower = low
                                var upper = high
                                while lower < upper {
                                    let middle = (lower &+ upper) >> 1
                                    if edgeBytes[middle] < byte { lower = middle &+ 1 } else { upper = middle }
                                }
                                if lower < high, edgeBytes[lower] == byte { next = edgeTargets[lower] }
                            }
                            node = next
                            position &+= 1
                        }
                    }
                }
                previousWasWord = isWord
                index += width
            }
        }}}}}}}}}
        return hits
    }

    @inline(__always)
    private func isWordAt(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index >= 0, index < text.count else { return false }
        let lead = text[index]
        if lead < 0x80 { return UTF8Scan.asciiWord[Int(lead)] }
        if lead < 0xC0 { return isWordAt(text, index - 1) }  // inside a multi-byte letter
        return UTF8Scan.isWordCharacter(text, at: index, width: min(UTF8Scan.width(lead), text.count - index))
    }

    /// Whether the byte before `index` is a word character (steps back over continuation bytes).
    @inline(__always)
    private func isWordBefore(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        var start = index - 1
        while start > 0, text[start] & 0xC0 == 0x80 { start -= 1 }
        return start >= 0 && isWordAt(text, start)
    }

    @inline(__always)
    private func isDomainByte(_ byte: UInt8) -> Bool {
        byte == 0x2D || byte == 0x2E || byte == 0x5F || (byte < 0x80 && UTF8Scan.asciiWord[Int(byte)]) || byte >= 0x80
    }

    private func accepts(_ kind: Kind, _ text: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        switch kind {
        case .stem, .phraseStem:
            return true
        case .whole, .phraseWhole:
            return !isWordAt(text, end) && !(end < text.count && text[end] == 0x27 && isWordAt(text, end + 1))
        case .hashtag:
            return start > 0 && text[start - 1] == 0x23 && !isWordAt(text, end)
                && (end >= text.count || text[end] != 0x5F)
        case .handle:
            guard start > 0, text[start - 1] == 0x40 || text[start - 1] == 0x2F else { return false }
            return end >= text.count || !(isWordAt(text, end) || text[end] == 0x5F)
        case .domain:
            if start > 0, isDomainByte(text[start - 1]), text[start - 1] != 0x2E { return false }
            if start > 0, text[start - 1] == 0x2E, start > 1, !isDomainByte(text[start - 2]) { return false }
            guard end < text.count else { return true }
            let next = text[end]
            if next == 0x2E {
                // "example.org." ends a sentence; "example.org.evil.com" is another domain.
                return end + 1 >= text.count || !isDomainByte(text[end + 1]) || text[end + 1] == 0x2E
            }
            return !isDomainByte(next)
        }
    }

    private func resolve(_ hits: [Hit], key: NormalizedText, original: String) -> [IndicatorMatch] {
        guard !hits.isEmpty else { return [] }
        let original = Array(original.utf8)
        var matches: [IndicatorMatch] = []
        var seen = Set<SpanKey>()
        var phraseHits: [Int32: [Hit]] = [:]
        for hit in hits {
            let pattern = patterns[Int(hit.pattern)]
            if pattern.kind == .phraseStem || pattern.kind == .phraseWhole {
                phraseHits[pattern.indicator, default: []].append(hit)
                continue
            }
            // One pattern fires once per start; an indicator's spelling variants can meet the same span,
            // and those hits are adjacent (same start), so a look back at this start is enough.
            let span = key.originalSpan(ofNormalized: hit.start..<hit.end)
            var duplicate = false
            var back = matches.count - 1
            while back >= 0, matches[back].span.start == span.start {
                if matches[back].span == span, matches[back].indicatorID == indicators[Int(pattern.indicator)].id {
                    duplicate = true
                    break
                }
                back -= 1
            }
            if duplicate { continue }
            append(indicator: Int(pattern.indicator), span: span, original: original, to: &matches)
            if matches.count >= options.maxMatches { return Self.ordered(matches) }
        }
        for (indicatorIndex, hits) in phraseHits.sorted(by: { $0.key < $1.key }) {
            let parts = Int(phraseParts[Int(indicatorIndex)])
            let gap = indicators[Int(indicatorIndex)].maxGap
            var byPart = [[Hit]](repeating: [], count: parts)
            for hit in hits { byPart[Int(patterns[Int(hit.pattern)].part)].append(hit) }
            guard byPart.allSatisfy({ !$0.isEmpty }) else { continue }
            // For each place the phrase ends, keep the occurrence that starts latest (the tightest).
            var tightest: [Int: (first: Hit, last: Hit)] = [:]
            for first in byPart[0] {
                var last = first
                var complete = true
                for part in 1..<max(parts, 1) {
                    let window = (last.word + 1)...(last.word + gap + 1)
                    guard let next = byPart[part].first(where: { window.contains($0.word) }) else {
                        complete = false
                        break
                    }
                    last = next
                }
                guard complete else { continue }
                if let existing = tightest[last.end], existing.first.start >= first.start { continue }
                tightest[last.end] = (first, last)
            }
            for (_, occurrence) in tightest.sorted(by: { $0.key < $1.key }) {
                let span = key.originalSpan(ofNormalized: occurrence.first.start..<occurrence.last.end)
                guard seen.insert(SpanKey(indicator: Int(indicatorIndex), span: span)).inserted else { continue }
                append(indicator: Int(indicatorIndex), span: span, original: original, to: &matches)
                if matches.count >= options.maxMatches { return Self.ordered(matches) }
            }
        }
        return Self.ordered(matches)
    }

    static func ordered(_ matches: [IndicatorMatch]) -> [IndicatorMatch] {
        matches.sorted { $0.span != $1.span ? $0.span < $1.span : $0.indicatorID < $1.indicatorID }
    }

    private struct SpanKey: Hashable {
        let indicator: Int
        let span: TextSpan
    }

    private func append(indicator index: Int, span: TextSpan, original: [UInt8], to matches: inout [IndicatorMatch]) {
        let indicator = indicators[index]
        matches.append(IndicatorMatch(
            indicatorID: indicator.id, organizationID: indicator.organizationID, mode: indicator.mode,
            language: indicator.language, weight: indicator.weight, span: span,
            matchedText: Self.text(of: span, in: original)))
    }

    /// The original text of a span, at most 500 bytes, cut at character boundaries.
    static func text(of span: TextSpan, in original: [UInt8]) -> String {
        var lower = max(0, min(span.start, original.count))
        var upper = max(lower, min(span.end, original.count, lower + 500))
        while lower < upper, original[lower] & 0xC0 == 0x80 { lower += 1 }
        while upper > lower, upper < original.count, original[upper] & 0xC0 == 0x80 { upper -= 1 }
        return String(decoding: original[lower..<upper], as: UTF8.self)
    }
}
