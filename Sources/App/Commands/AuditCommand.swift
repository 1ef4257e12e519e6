import Vapor

/// `kaiguul audit verify`: recomputes the hash chain and names the first broken row.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }

    var help: String { "Checks the audit log's hash chain (audit verify)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw CommandFailure("Usage: kaiguul audit verify") }
        let result = try await AuditLog.verify(on: context.application.db)
        if let problem = result.firstProblem {
            context.console.error("Audit log BROKEN: \(problem.description)")
            throw CommandFailure("audit log verification failed")
        }
        context.console.print("Audit log intact: \(result.rows) rows, chain verified.")
    }
}
