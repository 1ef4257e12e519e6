import App
import Foundation
import Vapor

@main
enum Entrypoint {
    static func main() async throws {
        var env = try Environment.detect(arguments: CommandLineRewrite.apply(CommandLine.arguments))
        try bootstrapStandardErrorLogging(&env)
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
