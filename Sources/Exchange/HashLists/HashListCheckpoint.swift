import Foundation

/// A hash list's paging checkpoint as a point in time. Kaiguul writes seconds since 1970
/// (`1700000100.000000`); a list may give its own as an RFC 3339 time (`2026-11-01T00:00:00Z`).
/// Both order the same way, so a re-import of an older list is recognised whichever form it uses.
public enum HashListCheckpoint {
    public static func time(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite { return seconds }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: trimmed) { return date.timeIntervalSince1970 }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: trimmed)?.timeIntervalSince1970
    }
}
