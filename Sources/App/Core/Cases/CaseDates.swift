import Foundation

/// Calendar dates of the legal record (`YYYY-MM-DD`), read where the programme works: a court in
/// Bishkek dates its decision by Bishkek's calendar, whatever the server's zone is.
enum CaseDates {
    static let zone = TimeZone(identifier: "Asia/Bishkek") ?? TimeZone(secondsFromGMT: 6 * 3600) ?? .gmt

    static func day(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    static func today(now: Date = Date()) -> String { day(of: now) }
}
