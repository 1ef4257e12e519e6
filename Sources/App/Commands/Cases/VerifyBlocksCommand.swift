import Vapor

/// `kaiguul verify-blocks`: checks every active block order now (resolvers from `KAIGUUL_RESOLVERS`,
/// default the system resolver) and stores the results. A scheduled job is not wired yet: run this
/// from cron or a systemd timer.
struct VerifyBlocksCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Checks that active block orders hold (DNS through KAIGUUL_RESOLVERS, then HTTP)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.requireExistingDatabase()
        let outcomes = try await BlockVerifier.run(app: app, settings: .fromEnvironment(), actor: .commandLine)
        for o in outcomes {
            context.console.print("\(o.reachable ? "REACHABLE" : "blocked  ") order \(o.orderID) \(o.target): \(o.summary)")
        }
        let reachable = outcomes.filter(\.reachable).count
        context.console.print("\(outcomes.count) block orders checked, \(reachable) still reachable.")
    }
}
