import Vapor

/// Listed in `kaiguul --help`. The entry point turns `kaiguul demo` into `serve` with a fresh
/// demo database under `data/demo`, so this body only runs if that rewrite was bypassed.
struct DemoHelpCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H") var hostname: String?
        @Option(name: "port", short: "p") var port: Int?
    }

    var help: String { "Starts the server on a fresh database with a fictional demo dataset (data/demo)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        throw CommandFailure("Run `kaiguul demo` directly; it rewrites itself to `serve`.")
    }
}
