import Fluent
import Foundation
import MediaMatch
import Vapor

/// `kaiguul media hash|match|import|export`: the bank of banned media from the command line.
struct MediaCommands: AsyncCommandGroup {
    var help: String { "Perceptual hashes (PDQ) and the bank of banned media: hash, match, import, export." }

    var commands: [String: any AnyAsyncCommand] {
        ["hash": Hash(), "match": Match(), "import": Import(), "export": Export()]
    }

    /// Writes a pure command's output and fails (exit 1) when it reported errors.
    static func emit(_ output: CommandOutput, _ context: CommandContext) throws {
        if !output.standardOutput.isEmpty { FileHandle.standardOutput.write(Data(output.standardOutput.utf8)) }
        if !output.standardError.isEmpty { FileHandle.standardError.write(Data(output.standardError.utf8)) }
        if output.exitCode == 1 { throw CommandFailure("media: some files could not be read (see above)") }
    }

    struct Hash: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "files", help: "image files (space separated)") var first: String
        }

        var help: String { "Prints HEX QUALITY FILE for each image." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let files = [signature.first] + context.input.arguments
            try MediaCommands.emit(MediaCommand.hash(files: files.map { URL(fileURLWithPath: $0) }), context)
        }
    }

    struct Match: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file") var file: String
        }

        var help: String { "Lists bank entries within PDQ distance 31 (quality below 50 is reported, not matched)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            try await context.application.requireExistingDatabase()
            // Every enabled bank with its own distance, the negative banks suppressing, held hashes left out.
            let matcher = try await BankMatching.matcher(on: context.application.db)
            let output = MediaCommand.match(file: URL(fileURLWithPath: signature.file), matcher: matcher)
            try MediaCommands.emit(output, context)
        }
    }

    struct Import: AsyncCommand {
        struct Signature: CommandSignature {
            @Argument(name: "file") var file: String
            @Option(name: "format", help: "hex (one hash per line) or csv (hash,label,source)") var format: String?
            @Option(name: "kind", help: "pdq, md5 or sha256 (hex format; default pdq)") var kind: String?
            @Option(name: "title", help: "title of the banned material created for this list") var title: String?
            @Option(name: "material", help: "add to this banned material id instead") var material: Int?
            @Flag(name: "dry-run", help: "check and count, write nothing") var dryRun: Bool
        }

        var help: String { "Imports fingerprints of banned media (all lines valid, or nothing is imported)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            try await app.autoMigrate()
            let url = URL(fileURLWithPath: signature.file)
            let text = try String(contentsOf: url, encoding: .utf8)
            let kind = FingerprintKind(rawValue: signature.kind ?? "pdq")
            guard let kind else { throw CommandFailure("--kind must be one of " + FingerprintKind.allCases.map(\.rawValue).joined(separator: ", ")) }
            let fingerprints: [MediaFingerprint]
            do {
                switch signature.format ?? (url.pathExtension.lowercased() == "csv" ? "csv" : "hex") {
                case "csv": fingerprints = try MediaBank.parseCSV(text, defaultKind: kind)
                case "hex": fingerprints = try MediaBank.parseHexLines(text, kind: kind, source: url.lastPathComponent)
                default: throw CommandFailure("--format must be hex or csv")
                }
            } catch let error as BankError {
                throw CommandFailure("nothing imported: \(error.description)")
            }
            let report = try await MediaBankStore.importFingerprints(
                fingerprints, materialID: signature.material, title: signature.title ?? "Hash list " + url.lastPathComponent,
                dryRun: signature.dryRun, actor: .commandLine, app: app)
            let kinds = report.byKind.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            context.console.print((signature.dryRun ? "dry run: would import " : "imported ") + "\(report.count) fingerprints (\(kinds))"
                + (report.materialID.map { " into material #\($0)" } ?? ""))
        }
    }

    struct Export: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "format", help: "hex or csv") var format: String?
            @Option(name: "kind", help: "pdq, md5 or sha256 (default: pdq for hex, all for csv)") var kind: String?
        }

        var help: String { "Prints the bank as hex per line or as CSV (hash,label,source)." }

        func run(using context: CommandContext, signature: Signature) async throws {
            try await context.application.autoMigrate()
            let bank = try await MediaBankStore.load(on: context.application.db)
            let kind = signature.kind.flatMap(FingerprintKind.init(rawValue:))
            let text = signature.format == "csv"
                ? bank.exportCSV(kind: kind, includeKind: kind == nil)
                : bank.exportHexLines(kind: kind ?? .pdq)
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
