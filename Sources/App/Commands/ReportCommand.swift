import Foundation
import Vapor

/// `kaiguul report --from DATE --to DATE --lang ky|ru|en --format html|md|csv [--table cases|programme]`.
struct ReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "first day, YYYY-MM-DD") var from: String?
        @Option(name: "to", help: "last day, YYYY-MM-DD") var to: String?
        @Option(name: "lang", help: "ky, ru or en (default ky)") var lang: String?
        @Option(name: "format", help: "html, md or csv (default md)") var format: String?
        @Option(name: "table", help: "with csv: cases or programme (default cases)") var table: String?
    }

    var help: String { "Prints the period report: figures by region and a press-release paragraph." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.requireExistingDatabase()
        guard let from = signature.from, let to = signature.to, PeriodReport.day(from) != nil, PeriodReport.day(to) != nil else {
            throw CommandFailure("--from and --to are required, as YYYY-MM-DD")
        }
        guard let language = Language(rawValue: signature.lang ?? "ky") else { throw CommandFailure("--lang must be ky, ru or en") }
        let t = Translator(language: language)
        let report = try await PeriodReport.build(on: app.db, from: from, to: to)
        let text: String
        switch signature.format ?? "md" {
        case "md": text = ReportTables.markdown(report, t)
        case "csv":
            switch signature.table ?? "cases" {
            case "cases": text = ReportTables.csv(ReportTables.cases(report, t))
            case "programme": text = ReportTables.csv(ReportTables.programme(report, t))
            default: throw CommandFailure("--table must be cases or programme")
            }
        case "html":
            let months = try await ReportPage.months(on: app.db, from: from, to: to)
            text = ReportDocument.html(report, months: months, t: t)
        default: throw CommandFailure("--format must be html, md or csv")
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
