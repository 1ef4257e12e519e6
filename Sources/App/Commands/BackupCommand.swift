import Foundation
import Vapor

/// `kaiguul backup --out DIR`: the database, WARC files, blobs, keys, audit checkpoints and models into
/// a new folder, with `manifest.json` (every file's path, size and SHA-256). Safe while `serve` and
/// workers run. Logs go to stderr; the summary line to stdout.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "out", help: "a new or empty folder for the backup (it will hold private keys: mode 0700)")
        var out: String?
        @Flag(name: "with-personal-keys", help: "also copy the personal data keys (left out by default: kept apart, a backup reveals no names or contacts)")
        var withPersonalKeys: Bool
    }

    var help: String { "Backs up the database and the data folder, with a manifest of SHA-256 sums." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let out = signature.out, !out.isEmpty else { throw CommandFailure("Usage: kaiguul backup --out DIR") }
        let folder = URL(fileURLWithPath: out, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
        let report: BackupWriter.Report
        do {
            report = try await BackupWriter(app: context.application, out: folder, log: { message in
                FileHandle.standardError.write(Data("kaiguul backup: \(message)\n".utf8))
            }, withPersonalKeys: signature.withPersonalKeys).run()
        } catch let refusal as BackupRefusal {
            throw CommandFailure(refusal.description)
        }
        context.console.print(String(format: "backup %@: %@ database, %d files, %llu bytes, in %.2f s",
                                     folder.path, report.database, report.files, report.bytes, report.seconds)
            + (report.warcFilesCut > 0 ? ", \(report.warcFilesCut) WARC file(s) copied up to their last complete record" : "")
            + (report.blobMismatches > 0 ? ", \(report.blobMismatches) blob(s) NOT matching their names" : ""))
    }
}
