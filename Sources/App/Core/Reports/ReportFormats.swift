import Foundation

/// The report's tables as rows of cells, shared by the HTML page, Markdown and CSV.
enum ReportTables {
    struct Table: Sendable {
        var name: String
        var header: [String]
        var rows: [[String]]
    }

    static func cases(_ r: PeriodReport, _ t: Translator) -> Table {
        let header = ["report.col.region", "report.col.sites_identified", "report.col.accounts_identified",
                      "report.col.referred", "report.col.confirmed", "report.col.submitted", "report.col.ordered",
                      "report.col.sites_blocked", "report.col.lifted"].map { t($0) }
        func row(_ name: String, _ c: CaseStatistics.Figures) -> [String] {
            [name, c.identified.sites, c.identified.accounts, c.referredToExpert.total, c.confirmed.total,
             c.submittedToCourt.total, c.ordered.total, c.blocked.sites, c.lifted.total].map { "\($0)" }
        }
        let rows = r.regions.map { row($0.region?.name(t.language) ?? "—", $0.cases) } + [row(t("report.total"), r.total.cases)]
        return Table(name: "cases", header: header, rows: rows)
    }

    static func programme(_ r: PeriodReport, _ t: Translator) -> Table {
        let header = ["report.col.region", "report.col.videos", "report.col.other_materials", "report.col.seminars",
                      "report.col.trainings", "report.col.participants", "report.col.groups", "report.col.members"].map { t($0) }
        func row(_ name: String, _ p: ProgrammeStatistics.Figures) -> [String] {
            [name, "\(p.videosDistributed)", "\(p.otherMaterialsDistributed)", "\(p.largeSeminars)",
             "\(p.regionalTrainings + p.staffCourses)", "\(p.seminarParticipants + p.trainingParticipants)",
             "\(p.groups)", "\(p.groupMembers)"]
        }
        let rows = r.regions.map { row($0.region?.name(t.language) ?? "—", $0.programme) }
            + [row(t("report.total"), r.total.programme)]
        return Table(name: "programme", header: header, rows: rows)
    }

    /// RFC 4180 CSV; cells that a spreadsheet would run as a formula get a leading apostrophe.
    static func csv(_ table: Table) -> String {
        func cell(_ s: String) -> String {
            var v = s
            if let first = v.first, "=+-@".contains(first), Int(v) == nil { v = "'" + v }
            if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                v = "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return v
        }
        return ([table.header] + table.rows).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func markdown(_ r: PeriodReport, _ t: Translator) -> String {
        func md(_ table: Table) -> String {
            func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
            var out = "| " + table.header.map(esc).joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: " --- |", count: table.header.count) + "\n"
            for row in table.rows { out += "| " + row.map(esc).joined(separator: " | ") + " |\n" }
            return out
        }
        return """
        # \(t("report.title")): \(ReportText.date(r.from, t)) – \(ReportText.date(r.to, t))

        \(ReportText.narrative(r, t))

        ## \(t("report.cases_table"))

        \(md(cases(r, t)))
        ## \(t("report.programme_table"))

        \(md(programme(r, t)))
        """
    }
}
