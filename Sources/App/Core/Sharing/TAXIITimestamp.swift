import Foundation

/// TAXII and STIX timestamps (RFC 3339, UTC, `Z`). Kaiguul writes `date_added` to the millisecond;
/// `added_after` is compared on that same millisecond, so a client that sends back the last
/// `date_added` it saw never gets that object again, whatever finer precision the database keeps.
enum TAXIITimestamp {
    /// Below the spacing of two `Double` seconds near the present (~2.4e-7 s) times two: absorbs
    /// the rounding of a stored time so it is not read as the millisecond before.
    private static let slack = 5e-7

    /// The millisecond a stored time is shown as.
    static func millisecond(_ date: Date) -> Date {
        Date(timeIntervalSince1970: ((date.timeIntervalSince1970 + slack) * 1000).rounded(.down) / 1000)
    }

    static func format(_ date: Date) -> String {
        let ms = millisecond(date).timeIntervalSince1970
        let whole = Date(timeIntervalSince1970: ms.rounded(.down))
        let millis = Int(((ms - ms.rounded(.down)) * 1000).rounded())
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: whole)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0,
                      c.hour ?? 0, c.minute ?? 0, c.second ?? 0, min(millis, 999))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction]Z`; nil for anything else (offsets other than `Z` are
    /// not STIX timestamps).
    static func parse(_ text: String) -> Date? {
        let scalars = Array(text.utf8)
        guard (20...40).contains(scalars.count), scalars.last == UInt8(ascii: "Z") else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= scalars.count else { return nil }
            var value = 0
            for byte in scalars[from..<(from + count)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let separators: [(Int, Character)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":")]
        for (index, character) in separators where scalars[index] != character.asciiValue { return nil }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
              let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var fraction = 0.0
        if scalars.count > 20 {
            guard scalars[19] == UInt8(ascii: "."), (1...9).contains(scalars.count - 21),
                  let digits = number(20, scalars.count - 21) else { return nil }
            fraction = Double(digits) / pow(10, Double(scalars.count - 21))
        } else if scalars.count != 20 {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else { return nil }
        return date.addingTimeInterval(fraction)
    }

    /// The earliest stored time whose shown millisecond is strictly after `date`: the bound of an
    /// `added_after` filter (`date_added >= firstAfter(x)`).
    static func firstAfter(_ date: Date) -> Date {
        Date(timeIntervalSince1970: millisecond(date).timeIntervalSince1970 + 0.001 - slack)
    }
}
