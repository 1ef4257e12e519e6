import Foundation

/// How finely `WARC-Date` is written. WARC 1.1 allows a decimal fraction of a second after the
/// seconds; WARC 1.0 readers expect none.
public enum WARCDatePrecision: Sendable, Hashable {
    case seconds
    case milliseconds
    case microseconds
}

/// `WARC-Date` values: W3C profile of ISO 8601, always UTC (`Z`).
public enum WARCDate {
    /// Formats in UTC without relying on a shared formatter (they are not `Sendable`).
    public static func format(_ date: Date, precision: WARCDatePrecision = .microseconds) -> String {
        let (whole, fraction) = split(date, precision: precision)
        let components = civil(fromUnixSeconds: whole)
        var text = padded(components.year, 4) + "-" + padded(components.month, 2) + "-" + padded(components.day, 2)
            + "T" + padded(components.hour, 2) + ":" + padded(components.minute, 2) + ":" + padded(components.second, 2)
        switch precision {
        case .seconds: break
        case .milliseconds: text += "." + padded(Int(fraction), 3)
        case .microseconds: text += "." + padded(Int(fraction), 6)
        }
        return text + "Z"
    }

    /// The 14-digit `YYYYMMDDhhmmss` timestamp used in CDX indexes.
    public static func timestamp14(_ date: Date) -> String {
        let (whole, _) = split(date, precision: .seconds)
        let c = civil(fromUnixSeconds: whole)
        return padded(c.year, 4) + padded(c.month, 2) + padded(c.day, 2) + padded(c.hour, 2) + padded(c.minute, 2)
            + padded(c.second, 2)
    }

    /// Zero-padded decimal; `String(format:)` is slow enough to show in a crawl's profile.
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// RFC 3339 in UTC with seconds, for WACZ `pages.jsonl` and `datapackage.json`.
    public static func rfc3339(_ date: Date) -> String {
        format(date, precision: .seconds)
    }

    /// Parses `YYYY-MM-DDThh:mm:ss[.fraction]Z`; also the shorter W3C forms (`YYYY`, `YYYY-MM`, …)
    /// that WARC 1.1 permits. Nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
        func expect(_ char: Character) -> Bool {
            guard index < bytes.count, bytes[index] == char.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0
        var fraction = 0.0
        if index < bytes.count {
            guard expect("-"), let m = number(2) else { return nil }
            month = m
            if index < bytes.count {
                guard expect("-"), let d = number(2) else { return nil }
                day = d
                if index < bytes.count {
                    guard expect("T"), let h = number(2), expect(":"), let mi = number(2) else { return nil }
                    hour = h
                    minute = mi
                    if expect(":") {
                        guard let s = number(2) else { return nil }
                        second = s
                        if expect(".") {
                            let start = index
                            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
                            guard index > start, index - start <= 9 else { return nil }
                            let digits = String(decoding: bytes[start..<index], as: UTF8.self)
                            fraction = Double("0." + digits) ?? 0
                        }
                    }
                    guard expect("Z"), index == bytes.count else { return nil }
                }
            }
        }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else {
            return nil
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    private static func split(_ date: Date, precision: WARCDatePrecision) -> (Int64, Int) {
        let scale: Double
        switch precision {
        case .seconds: scale = 1
        case .milliseconds: scale = 1_000
        case .microseconds: scale = 1_000_000
        }
        // Truncate, never round up into the next second.
        let ticks = Int64((date.timeIntervalSince1970 * scale).rounded(.down))
        let perSecond = Int64(scale)
        var whole = ticks / perSecond
        var fraction = ticks % perSecond
        if fraction < 0 {
            fraction += perSecond
            whole -= 1
        }
        return (whole, Int(fraction))
    }

    private struct Civil {
        var year, month, day, hour, minute, second: Int
    }

    // Howard Hinnant's days-from-civil algorithms: exact for the proleptic Gregorian calendar.
    private static func civil(fromUnixSeconds seconds: Int64) -> Civil {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return Civil(
            year: Int(year), month: Int(month), day: Int(day),
            hour: Int(rest / 3600), minute: Int(rest % 3600 / 60), second: Int(rest % 60)
        )
    }

    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
