import Foundation
import Vapor

/// `kaiguul audit verify [--against FILE]`: recomputes the hash chain, checks it against every
/// signed checkpoint (database, `data/audit/checkpoints.jsonl`, and FILE when given), and names
/// what it found. `kaiguul audit checkpoint` signs the head now and prints the checkpoint;
/// `kaiguul audit export-checkpoints` prints every signed checkpoint, one JSON line each, for a
/// partner or a prosecutor to keep.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify, checkpoint or export-checkpoints")
        var action: String
        @Option(name: "against", help: "with verify: a copy of the checkpoints held elsewhere (JSON lines)")
        var against: String?
    }

    static let usage = "Usage: kaiguul audit verify [--against FILE] | checkpoint | export-checkpoints"

    var help: String { "Checks the audit log against its signed checkpoints, signs one, or exports them." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        switch signature.action {
        case "verify":
            try await app.requireExistingDatabase()
            try await verify(context, against: signature.against.map { URL(fileURLWithPath: $0) })
        case "checkpoint":
            try await app.requireExistingDatabase()
            let record: AuditCheckpointRecord
            do { record = try await AuditCheckpoints.write(app: app) } catch let refusal as AuditCheckpointRefusal {
                throw CommandFailure(refusal.description)
            }
            context.console.print(String(decoding: record.jsonLine().dropLast(), as: UTF8.self))
        case "export-checkpoints":
            try await app.requireExistingDatabase()
            try await export(context)
        default:
            throw CommandFailure(Self.usage)
        }
    }

    private func verify(_ context: CommandContext, against: URL?) async throws {
        let report: AuditVerificationReport
        do { report = try await AuditVerifier.verify(app: context.application, against: against) } catch let error
            as AuditCheckpointFileError
        {
            throw CommandFailure(error.description)
        }
        for note in report.notes { context.console.report(error: "note: \(note)", newLine: true) }
        guard report.intact else {
            for finding in report.findings.prefix(50) { context.console.error("Audit log BROKEN: \(finding)") }
            if report.findings.count > 50 { context.console.error("… and \(report.findings.count - 50) more") }
            let kinds = Array(Set(report.findings.map(\.kind.rawValue))).sorted().joined(separator: ", ")
            throw CommandFailure("audit log verification failed (\(kinds))")
        }
        var line = "Audit log intact: \(report.rowCount) rows, chain verified"
        if let newest = report.newest {
            line +=
                "; \(report.checkpointsChecked) signed checkpoint(s) match, "
                + "the newest at seq \(newest.seq) of \(newest.at)."
        } else {
            line += "; no signed checkpoint yet (run `kaiguul audit checkpoint`)."
        }
        context.console.print(line)
    }

    /// Every checkpoint whose signature holds, from the database and the local file, oldest first.
    private func export(_ context: CommandContext) async throws {
        let app = context.application
        let keys = app.signingKeys.verificationKeys(for: .audit)
        var records = try await AuditCheckpoints.all(on: app.db).map(\.record)
        let file = AuditCheckpoints.localFile(app)
        if file.exists {
            for line in try file.read() {
                switch line.result {
                case .success(let record): records.append(record)
                case .failure(let error):
                    context.console.report(
                        error: "skipped \(file.url.path) line \(line.number): \(error)", newLine: true)
                }
            }
        }
        var seen = Set<AuditCheckpointRecord.Identity>()
        var lines: [String] = []
        for record in records.sorted(by: { ($0.seq, $0.at) < ($1.seq, $1.at) })
        where seen.insert(record.identity).inserted {
            guard record.checkSignature(keys: keys) == .valid else {
                let why = "skipped checkpoint seq \(record.seq) of \(record.at): its signature does not verify"
                context.console.report(error: why, newLine: true)
                continue
            }
            lines.append(String(decoding: record.jsonLine().dropLast(), as: UTF8.self))
        }
        if !lines.isEmpty { context.console.print(lines.joined(separator: "\n")) }
    }
}
