import Detection

/// The parts of a finding's text an analyst needs to see: each matched span with some text around
/// it, the rest left out. Spans are UTF-8 byte offsets into the analysed text (`TextSpan`); a span
/// that does not fit the text (a later truncation, a stale signal) or cuts a character is skipped,
/// never guessed at. The pieces are plain strings: the view escapes them.
enum TriageHighlight {
    enum Piece: Sendable, Hashable {
        case text(String)
        case mark(String)
        /// Text left out.
        case gap
    }

    static func pieces(of text: String, spans: [TextSpan], context: Int = 120, maxSpans: Int = 20,
                       excerpt: Int = 400) -> [Piece] {
        let bytes = Array(text.utf8)
        func isBoundary(_ offset: Int) -> Bool {
            offset == 0 || offset == bytes.count || (offset > 0 && offset < bytes.count && bytes[offset] & 0xC0 != 0x80)
        }
        func boundary(atOrBefore offset: Int) -> Int {
            var at = max(0, min(bytes.count, offset))
            while !isBoundary(at) { at -= 1 }
            return at
        }
        func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

        var marks: [Range<Int>] = []
        for span in spans.sorted() where span.start >= 0 && span.end <= bytes.count && span.start < span.end
            && isBoundary(span.start) && isBoundary(span.end) {
            if let last = marks.last, span.start <= last.upperBound {
                marks[marks.count - 1] = last.lowerBound..<max(last.upperBound, span.end)
            } else if marks.count < maxSpans {
                marks.append(span.start..<span.end)
            }
        }
        guard !marks.isEmpty else {
            let end = boundary(atOrBefore: excerpt)
            return bytes.isEmpty ? [] : [.text(string(0..<end))] + (end < bytes.count ? [.gap] : [])
        }

        var windows: [(range: Range<Int>, marks: [Range<Int>])] = []
        for mark in marks {
            let window = boundary(atOrBefore: mark.lowerBound - context)..<boundary(atOrBefore: mark.upperBound + context)
            if let last = windows.last, window.lowerBound <= last.range.upperBound {
                windows[windows.count - 1] = (last.range.lowerBound..<max(last.range.upperBound, window.upperBound),
                                              last.marks + [mark])
            } else {
                windows.append((window, [mark]))
            }
        }
        var pieces: [Piece] = []
        for window in windows {
            if window.range.lowerBound > 0 { pieces.append(.gap) }
            var at = window.range.lowerBound
            for mark in window.marks {
                if mark.lowerBound > at { pieces.append(.text(string(at..<mark.lowerBound))) }
                pieces.append(.mark(string(mark)))
                at = mark.upperBound
            }
            if window.range.upperBound > at { pieces.append(.text(string(at..<window.range.upperBound))) }
        }
        if let last = windows.last, last.range.upperBound < bytes.count { pieces.append(.gap) }
        return pieces
    }
}
