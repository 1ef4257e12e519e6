import Foundation
import KaiguulCore

/// The transparency report's tables as rows of cells, shared by the page and the CSV files.
enum TransparencyTables {
    typealias Table = ReportTables.Table

    static func verdict(_ raw: String?, _ t: Translator) -> String {
        guard let raw, let v = BlockVerdict(rawValue: raw) else { return "—" }
        return t("transparency.verdict.\(v.rawValue)")
    }

    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date) + " UTC"
    }

    static func hours(_ h: Double?) -> String {
        guard let h else { return "—" }
        return String(format: "%.1f", h)
    }

    static func percent(_ n: Int, of total: Int) -> String {
        total == 0 ? "—" : String(format: "%.0f%%", Double(n) * 100 / Double(total))
    }

    static func yesNo(_ b: Bool?, _ t: Translator) -> String {
        guard let b else { return "—" }
        return t(b ? "transparency.yes" : "transparency.no")
    }

    /// Per period: listed, enforced by all within a day and a week, offline at origin, lifted.
    static func totals(_ r: TransparencyReport, _ t: Translator) -> Table {
        let header = ["transparency.col.period", "transparency.col.ordered", "transparency.col.enforced_day",
                      "transparency.col.enforced_day_share", "transparency.col.enforced_week",
                      "transparency.col.enforced_week_share", "transparency.col.offline",
                      "transparency.col.offline_share", "transparency.col.lifted"].map { t($0) }
        func row(_ x: TransparencyReport.Totals) -> [String] {
            [x.period, "\(x.ordered)", "\(x.enforcedByAllWithinDay)", percent(x.enforcedByAllWithinDay, of: x.ordered),
             "\(x.enforcedByAllWithinWeek)", percent(x.enforcedByAllWithinWeek, of: x.ordered),
             "\(x.offlineAtOrigin)", percent(x.offlineAtOrigin, of: x.ordered), "\(x.lifted)"]
        }
        return Table(name: "totals", header: header, rows: r.months.map(row) + [row(r.total)])
    }

    /// One row per target and provider: the decision, listing and lifting, enforcement and regressions.
    static func targets(_ r: TransparencyReport, _ t: Translator) -> Table {
        let header = ["transparency.col.court", "transparency.col.number", "transparency.col.decided",
                      "transparency.col.appeal", "transparency.col.target", "transparency.col.listed",
                      "transparency.col.lifted_at", "transparency.col.offline_now", "transparency.col.provider",
                      "transparency.col.first_enforced", "transparency.col.hours", "transparency.col.latest",
                      "transparency.col.regressions"].map { t($0) }
        let names = Dictionary(r.providers.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        var rows: [[String]] = []
        for d in r.decisions {
            for target in d.targets {
                let common = [d.court, d.number, d.decidedOn, t("transparency.appeal.\(d.appealState)"), target.target,
                              time(target.listedAt), time(target.liftedAt), yesNo(target.offlineAtOrigin, t)]
                if target.providers.isEmpty {
                    rows.append(common + ["—", "—", "—", "—", "—"])
                }
                for p in target.providers {
                    rows.append(common + [names[p.provider] ?? p.provider, time(p.firstEnforcedAt),
                                          hours(p.hoursToEnforcement), verdict(p.latestVerdict, t), "\(p.regressions)"])
                }
            }
        }
        return Table(name: "targets", header: header, rows: rows)
    }

    /// Verdicts over time: one row per target, provider and day measured.
    static func history(_ r: TransparencyReport, _ t: Translator) -> Table {
        let header = ["transparency.col.number", "transparency.col.target", "transparency.col.provider",
                      "transparency.col.day", "transparency.col.verdict"].map { t($0) }
        let names = Dictionary(r.providers.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        var rows: [[String]] = []
        for d in r.decisions {
            for target in d.targets {
                for p in target.providers {
                    for day in p.days {
                        rows.append([d.number, target.target, names[p.provider] ?? p.provider, day.day,
                                     verdict(day.verdict, t)])
                    }
                }
            }
        }
        return Table(name: "history", header: header, rows: rows)
    }
}
