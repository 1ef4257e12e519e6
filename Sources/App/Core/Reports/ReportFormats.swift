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
                      "report.col.sites_blocked", "report.col.accounts_blocked", "report.col.lifted"].map { t($0) }
        func row(_ name: String, _ c: CaseStatistics.Figures) -> [String] {
            [name, c.identified.sites, c.identified.accounts, c.referredToExpert.total, c.confirmed.total,
             c.submittedToCourt.total, c.ordered.total, c.blocked.sites, c.blocked.accounts, c.lifted.total]
                .map { "\($0)" }
        }
        let rows = r.regions.map { row($0.region?.name(t.language) ?? "—", $0.cases) }
            + [row(t("report.total"), r.total.cases)]
        return Table(name: "cases", header: header, rows: rows)
    }

    static func programme(_ r: PeriodReport, _ t: Translator) -> Table {
        let header = ["report.col.region", "report.col.videos", "report.col.other_materials", "report.col.seminars",
                      "report.col.trainings", "report.col.participants", "report.col.groups", "report.col.members"]
            .map { t($0) }
        func row(_ name: String, _ p: ProgrammeStatistics.Figures) -> [String] {
            [name, "\(p.videosDistributed)", "\(p.otherMaterialsDistributed)", "\(p.largeSeminars)",
             "\(p.regionalTrainings + p.staffCourses)", "\(p.seminarParticipants + p.trainingParticipants)",
             "\(p.groups)", "\(p.groupMembers)"]
        }
        let rows = r.regions.map { row($0.region?.name(t.language) ?? "—", $0.programme) }
            + [row(t("report.total"), r.total.programme)]
        return Table(name: "programme", header: header, rows: rows)
    }

    /// People trained by curriculum module (columns) and region (rows); the "no region" row holds staff
    /// and volunteers without a region, so each column adds up to its total.
    static func modules(_ r: PeriodReport, _ t: Translator) -> Table {
        let modules = r.trained.modules
        let header = [t("report.col.region")] + modules.map { $0.title(t.language) }
        var rows = r.regions.map { row in
            [row.region?.name(t.language) ?? "—"] + modules.map { String($0.byRegion[row.region?.id ?? -1] ?? 0) }
        }
        if modules.contains(where: { $0.withoutRegion > 0 }) {
            rows.append([t("curriculum.no_region")] + modules.map { String($0.withoutRegion) })
        }
        rows.append([t("report.total")] + modules.map { String($0.total) })
        return Table(name: "modules", header: header, rows: rows)
    }

    /// Excel reads a CSV file without a byte-order mark in the system's legacy code page, which turns
    /// Cyrillic into mojibake; with the mark it reads UTF-8. Other readers skip it (`utf-8-sig`).
    static let byteOrderMark = "\u{FEFF}"

    /// RFC 4180 CSV behind a UTF-8 byte-order mark; cells that a spreadsheet would run as a formula get
    /// a leading apostrophe.
    static func csv(_ table: Table) -> String {
        func cell(_ s: String) -> String {
            var v = s
            if let first = v.first, "=+-@".contains(first), Int(v) == nil { v = "'" + v }
            if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                v = "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return v
        }
        return byteOrderMark + ([table.header] + table.rows).map { $0.map(cell).joined(separator: ",") }
            .joined(separator: "\r\n") + "\r\n"
    }

    /// The report as Markdown: a `#` title, then one `##` section each for the summary, the cases and
    /// the programme, so its outline shows in any viewer and it pastes into a document as it is.
    static func markdown(_ r: PeriodReport, _ t: Translator) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
                .replacingOccurrences(of: "\n", with: " ")
        }
        func md(_ table: Table) -> String {
            var out = "| " + table.header.map(esc).joined(separator: " | ") + " |\n"
            out += "|" + String(repeating: " --- |", count: table.header.count) + "\n"
            for row in table.rows { out += "| " + row.map(esc).joined(separator: " | ") + " |\n" }
            return out
        }
        let title = t("report.title") + ": " + ReportText.date(r.from, t) + " – " + ReportText.date(r.to, t)
        let sections: [(heading: String, body: String)] = [
            (t("report.summary"), ReportText.narrative(r, t) + "\n"),
            (t("report.cases_table"), md(cases(r, t))),
            (t("report.programme_table"), md(programme(r, t))),
        ] + (r.trained.modules.isEmpty ? [] : [(t("curriculum.report_table"), md(modules(r, t)))])
        return "# " + esc(title) + "\n\n"
            + sections.map { "## " + esc($0.heading) + "\n\n" + $0.body }.joined(separator: "\n")
    }
}
