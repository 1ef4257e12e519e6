import Foundation

/// Dates as feeds and pages write them: ISO 8601 / RFC 3339 (`2025-04-11T00:00:00Z`, with or without
/// seconds, fraction or zone), RFC 822 (`Wed, 15 May 2019 20:48:02 +0000`, `GMT`, `EST`), and the
/// `2019-05-18 10:58:46 +0300` that some publishers write. Hand-written because formatters differ
/// between platforms and publishers differ from the standards.
public enum FeedDate {
    public static func parse(_ raw: String) -> Date? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        if let first = text.first, first.isNumber, let date = parseISO(text) { return date }
        return parseRFC822(text)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7, "msk": 3, "cet": 1, "cest": 2, "eet": 2, "eest": 3,
    ]

    /// `YYYY-MM-DD[T ]hh:mm[:ss[.fff]][Z|±hh[:]mm| ±hhmm]`, or a date alone.
    static func parseISO(_ text: String) -> Date? {
        var scanner = Scanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"), let month = scanner.number(digits: 2),
            scanner.skip("-"), let day = scanner.number(digits: 2)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset = 0
        if scanner.skip("T") || scanner.skip("t") || scanner.skip(" ") {
            guard let h = scanner.number(digits: 2), scanner.skip(":"), let m = scanner.number(digits: 2) else {
                return nil
            }
            hour = h
            minute = m
            if scanner.skip(":") {
                guard let s = scanner.number(digits: 2) else { return nil }
                second = s
                if scanner.skip(".") || scanner.skip(",") {
                    var scale = 0.1
                    while let digit = scanner.digit() {
                        fraction += Double(digit) * scale
                        scale /= 10
                    }
                }
            }
            _ = scanner.skip(" ")
            if scanner.skip("Z") || scanner.skip("z") {
                offset = 0
            } else if let sign = scanner.sign() {
                guard let h = scanner.number(digits: 2) else { return nil }
                _ = scanner.skip(":")
                let m = scanner.number(digits: 2) ?? 0
                offset = sign * (h * 3600 + m * 60)
            }
        }
        guard scanner.atEnd else { return nil }
        return make(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            offset: offset
        ).map { $0.addingTimeInterval(fraction) }
    }

    /// `[Wed,] 15 May 2019 20:48[:02] (+0000|GMT|EST)`.
    static func parseRFC822(_ text: String) -> Date? {
        var parts = text.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        if let first = parts.first, first.first?.isLetter == true { parts.removeFirst() }
        guard parts.count >= 4, let day = Int(parts[0]),
            let month = months.firstIndex(of: String(parts[1].prefix(3)).lowercased()),
            var year = Int(parts[2])
        else { return nil }
        if year < 100 { year += year < 50 ? 2000 : 1900 }
        let time = parts[3].split(separator: ":").compactMap { Int($0) }
        guard time.count >= 2 else { return nil }
        var offset = 0
        if parts.count >= 5 {
            let zone = parts[4]
            if let sign = zone.first, sign == "+" || sign == "-", zone.count == 5, let value = Int(zone.dropFirst()) {
                offset = (sign == "-" ? -1 : 1) * ((value / 100) * 3600 + (value % 100) * 60)
            } else if let hours = zones[zone.lowercased()] {
                offset = hours * 3600
            }
        }
        return make(
            year: year, month: month + 1, day: day, hour: time[0], minute: time[1],
            second: time.count > 2 ? time[2] : 0, offset: offset)
    }

    private static func make(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int)
        -> Date?
    {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute),
            (0...60).contains(second), (1000...9999).contains(year)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        guard let utc = TimeZone(secondsFromGMT: 0) else { return nil }
        calendar.timeZone = utc
        let components = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute,
            second: second)
        return calendar.date(from: components).map { $0.addingTimeInterval(TimeInterval(-offset)) }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index >= bytes.count }

        mutating func skip(_ character: Character) -> Bool {
            guard let ascii = character.asciiValue, index < bytes.count, bytes[index] == ascii else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { return nil }
            defer { index += 1 }
            return Int(bytes[index] - 0x30)
        }

        mutating func number(digits: Int) -> Int? {
            var value = 0
            for _ in 0..<digits {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}
