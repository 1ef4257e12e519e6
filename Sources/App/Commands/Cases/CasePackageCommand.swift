import Evidence
import Foundation
import Vapor

/// `kaiguul case package|court-packet`: a case's evidence package and court packet from the
/// command line. Data (the file written and its SHA-256) goes to standard output; what happened,
/// to standard error.
struct CaseCommands: AsyncCommandGroup {
    var help: String { "A case's evidence package (WACZ) and court packet (PDF)." }

    var commands: [String: any AnyAsyncCommand] {
        ["package": CasePackageCommand(), "court-packet": CourtPacketCommand()]
    }

    /// `--out` against the working directory.
    static func destination(_ out: String?, suffix: String) throws -> URL {
        guard let out, !out.isEmpty else { throw CommandFailure("--out FILE\(suffix) is required") }
        return URL(fileURLWithPath: out, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }

    static func caseRecord(_ raw: String, app: Application) async throws -> CaseRecord {
        guard let id = Int(raw), id > 0, let record = try await CaseRecord.find(id, on: app.db) else {
            throw CommandFailure("no case \(raw.prefix(20))")
        }
        return record
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// `kaiguul case package ID --out FILE.wacz`
struct CasePackageCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "id", help: "The case number.")
        var id: String
        @Option(name: "out", short: "o", help: "Where to write the package (FILE.wacz; must not exist).")
        var out: String?
    }

    var help: String { "Writes a case's evidence package: warcinfo, then each capture's records as collected." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.requireExistingDatabase()
        let destination = try CaseCommands.destination(signature.out, suffix: ".wacz")
        let record = try await CaseCommands.caseRecord(signature.id, app: app)
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw CommandFailure("\(destination.path) already exists; evidence is never overwritten")
        }
        let user = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        let summary: PackageSummary
        do {
            summary = try await CasePackage.write(
                record, to: destination, actor: .commandLine, packagedBy: "command line (\(user.prefix(64)))", app: app)
        } catch let refused as AppError {
            throw CommandFailure(refused.text(Translator(language: .en)))
        }
        let records = summary.manifest.records ?? []
        CaseCommands.log(
            """
            packaged \(CasePackage.caseNumber(try record.requireID())): \(summary.manifest.captures?.count ?? 0) \
            captures, \(records.count) records, \(summary.wacz.size) bytes
            """)
        FileHandle.standardOutput.write(Data("\(summary.wacz.sha256)  \(destination.path)\n".utf8))
    }
}

/// `kaiguul case court-packet ID --lang ky --out FILE.pdf`
struct CourtPacketCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "id", help: "The case number.")
        var id: String
        @Option(name: "lang", help: "ky, ru or en (default ky).")
        var lang: String?
        @Option(name: "out", short: "o", help: "Where to write the PDF (FILE.pdf; must not exist).")
        var out: String?
    }

    var help: String { "Prints a case's court packet to PDF with headless Chromium." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.requireExistingDatabase()
        let destination = try CaseCommands.destination(signature.out, suffix: ".pdf")
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw CommandFailure("\(destination.path) already exists")
        }
        guard let language = Language(rawValue: signature.lang ?? "ky") else {
            throw CommandFailure("--lang must be ky, ru or en")
        }
        let record = try await CaseCommands.caseRecord(signature.id, app: app)
        let model = try await CourtPacket.load(record, language: language, on: app.db)
        let pdf = try await CourtPacketPDF.print(html: CourtPacket.render(model, inlineStyle: true))
        try pdf.write(to: destination, options: .withoutOverwriting)
        do {
            try await app.write { db in
                try await Custody.append(
                    .courtPacketDownload, .caseFile(model.caseID), actor: .commandLine,
                    details: Custody.details(
                        sha256: sha256Hex(pdf), caseIDs: [model.caseID], person: Custody.commandLinePerson, role: nil,
                        more: ["lang": language.rawValue, "file": destination.lastPathComponent]),
                    on: db)
            }
        } catch {
            // A packet nobody can account for does not stay.
            try? FileManager.default.removeItem(at: destination)
            throw error
        }
        CaseCommands.log(
            "court packet of \(CasePackage.caseNumber(model.caseID)) (\(language.rawValue)), \(pdf.count) bytes")
        FileHandle.standardOutput.write(Data("\(sha256Hex(pdf))  \(destination.path)\n".utf8))
    }
}
