import Vapor

/// `kaiguul verify-blocks`: measures every active block order now — a control through
/// `KAIGUUL_CONTROL_RESOLVER` (default the system's) and one measurement per resolver of
/// `KAIGUUL_RESOLVERS` — stores each with its verdict, and prints one line per resolver to stdout.
struct VerifyBlocksCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String {
        "Measures that active block orders hold: a control and each resolver of KAIGUUL_RESOLVERS, with OONI-style verdicts."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.requireExistingDatabase()
        let outcomes = try await BlockVerifier.run(app: app, settings: .fromEnvironment(), actor: .commandLine)
        var out = ""
        for o in outcomes {
            out += "order \(o.orderID)\t\(o.target)\tcontrol\t\(o.control.rawValue)\n"
            for v in o.verdicts {
                out += "order \(o.orderID)\t\(o.target)\t\(v.resolver)\t\(v.verdict.rawValue)\t\(v.reasons.joined(separator: "; "))\n"
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        let reachable = outcomes.filter(\.reachable).count
        app.logger.notice("\(outcomes.count) block orders checked, \(reachable) still reachable.")
    }
}
