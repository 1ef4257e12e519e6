import Vapor

/// Listed in `kaiguul --help`. The entry point hands `kaiguul demo` over to `kaiguul-fixture demo`
/// (see `DemoMode`), so this body only runs if that hand-over was bypassed.
struct DemoHelpCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H") var hostname: String?
        @Option(name: "port", short: "p") var port: Int?
    }

    var help: String {
        "Starts the server on a fresh SQLite database (data/demo) with a fictional demo dataset; needs "
            + "kaiguul-fixture from the source tree next to kaiguul. Refuses DATABASE_URL."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        throw CommandFailure("Run `kaiguul demo` directly; it hands over to \(DemoMode.fixtureTool).")
    }
}
