import Foundation

/// STIX timestamps, always in UTC with exactly three fractional digits (`2026-12-02T15:43:54.120Z`).
/// One fixed width means two of them compare as strings in time order, which the publisher relies on
/// to keep every new version's `modified` later than the last.
public enum STIXTimestamp {
    public static func string(_ date: Date) -> String {
        // The small nudge keeps a time read back from "….124Z" (a binary fraction just under it) on .124.
        string(millis: Int64((date.timeIntervalSince1970 * 1000 + 1e-4).rounded(.down)))
    }

    static func string(millis: Int64) -> String {
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let fraction = Int(millis - seconds * 1000)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                        from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0, fraction)
    }

    /// Reads what `string` writes (and the same without a fraction); nil for anything else.
    public static func date(_ text: String) -> Date? {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = parser.date(from: text) { return d }
        parser.formatOptions = [.withInternetDateTime]
        return parser.date(from: text)
    }

    /// A calendar date (`YYYY-MM-DD`) as midnight UTC, for decision dates.
    public static func day(_ text: String) -> String? {
        guard text.count == 10, let d = date(text + "T00:00:00Z") else { return nil }
        return string(d)
    }

    /// One millisecond after `text`: the earliest `modified` a following version may carry.
    public static func after(_ text: String) -> String {
        guard let d = date(text) else { return text }
        return string(millis: Int64((d.timeIntervalSince1970 * 1000).rounded()) + 1)
    }
}
