import App
import Foundation
import Vapor

@main
enum Entrypoint {
    static func main() async throws {
        var env = try Environment.detect(arguments: CommandLineRewrite.apply(CommandLine.arguments))
        // Logs go to standard error, always: standard output carries a command's data (a block list,
        // a report, a package's digest), which the migration and request logs must never mix into.
        try LoggingSystem.bootstrap(from: &env) { level in
            { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
        let app = try await Application.make(env)
        var failure: (any Error)?
        do {
            try await configure(app)
            try await app.execute()
        } catch {
            failure = error
        }
        try? await app.asyncShutdown()
        if let failure {
            // A message for the person at the terminal, and a non-zero exit, not a crash report.
            FileHandle.standardError.write(Data("kaiguul: \(String(describing: failure))\n".utf8))
            exit(1)
        }
    }
}
