import Foundation
import Vapor

@testable import App

/// `kaiguul-fixture blocklist block|lift TARGET[,TARGET...]`: for the resolver test. Walks each case
/// through every step — open, review, expert, court, block — as invented people, through the same
/// `CaseStore` paths as the web and the API, so the exported list is what real use produces.
/// It works only on a throwaway SQLite folder named by `KAIGUUL_DATA_DIR`, never on `DATABASE_URL`.
struct BlocklistFixtureCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "step", help: "block | lift")
        var step: String
        @Argument(name: "targets", help: "domains, URLs or accounts, comma-separated")
        var targets: String
    }

    var help: String { "Test only: blocks or lifts targets through the full case workflow as invented people." }

    /// Why the command will not run in this environment, or nil.
    static func refusal(environment: [String: String]) -> String? {
        if environment["DATABASE_URL"].map({ !$0.isEmpty }) == true {
            return "kaiguul-fixture blocklist: refusing to run with DATABASE_URL set: it invents an expert "
                + "conclusion and a court decision, and works only on a throwaway SQLite folder (KAIGUUL_DATA_DIR)."
        }
        if environment["KAIGUUL_DATA_DIR"].map({ !$0.isEmpty }) != true {
            return "kaiguul-fixture blocklist: refusing to run without KAIGUUL_DATA_DIR naming a throwaway folder."
        }
        return nil
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        if let refusal = Self.refusal(environment: ProcessInfo.processInfo.environment) {
            throw CommandFailure(refusal)
        }
        let app = context.application
        try await app.autoMigrate()
        let targets = signature.targets.split(separator: ",").map { String($0) }
        switch signature.step {
        case "block":
            for target in targets {
                let id = try await CaseFixtures.block(target: target, app: app)
                context.console.print("case \(id): blocked \(target)")
            }
        case "lift":
            for target in targets {
                let id = try await CaseFixtures.lift(target: target, app: app)
                context.console.print("case \(id): lifted \(target)")
            }
        default:
            throw CommandFailure("Usage: kaiguul-fixture blocklist block|lift TARGET[,TARGET...]")
        }
    }
}
