import Foundation

/// The words of a WebVTT or SubRip file without cue numbers, timings, styling or markup, one cue line per
/// line, for text analysis. Automatic captions repeat each line while the next one scrolls in; a line equal
/// to the one before it is kept once.
public enum SubtitleText {
    public static let maximumCharacters = 1_000_000

    public static func extract(_ bytes: [UInt8]) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines: [String] = []
        var total = 0
        // WebVTT blocks that are not cues: the header, NOTE, STYLE and REGION blocks run to the next blank line.
        var skippingBlock = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                skippingBlock = false
                continue
            }
            if skippingBlock { continue }
            if line.hasPrefix("WEBVTT") || line == "NOTE" || line.hasPrefix("NOTE ") || line == "STYLE"
                || line == "REGION"
            {
                skippingBlock = true
                continue
            }
            if line.contains("-->") { continue }
            // A cue number (SubRip) or a numeric cue identifier (WebVTT).
            if line.allSatisfy({ $0.isASCII && $0.isNumber }) { continue }
            let words = clean(line)
            guard !words.isEmpty, words != lines.last else { continue }
            total += words.count + 1
            guard total <= maximumCharacters else { break }
            lines.append(words)
        }
        return lines.joined(separator: "\n")
    }

    /// Removes `<c.colour>`, `<00:00:01.000>`, `<v Speaker>`, `<i>` tags and `{\an8}` overrides, decodes the
    /// few entities WebVTT allows.
    static func clean(_ line: String) -> String {
        var result = ""
        var inTag = false
        for character in line.replacing(#/\{\\[^}]*\}/#, with: "") {
            switch character {
            case "<": inTag = true
            case ">" where inTag: inTag = false
            default: if !inTag { result.append(character) }
            }
        }
        for (entity, value) in [("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", " "), ("&lrm;", ""), ("&rlm;", ""),
                                ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")]
        {
            result = result.replacingOccurrences(of: entity, with: value)
        }
        return result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
