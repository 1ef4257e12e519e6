import Foundation
import Vapor

@testable import App

/// `kaiguul-fixture`: the production commands plus what only tests and the demo may do —
/// `blocklist block|lift` (the resolver test) and `demo` (what `kaiguul demo` hands over to). Built from
/// the source tree next to `kaiguul`, never installed with it.
public enum FixtureTool {
    public static func main() async {
        var failure: (any Error)?
        do {
            var arguments = CommandLine.arguments
            let demo = arguments.count >= 2 && arguments[1] == "demo"
            if demo {
                arguments = try DemoMode.serveArguments(arguments, environment: ProcessInfo.processInfo.environment)
            }
            var env = try Environment.detect(arguments: arguments)
            try bootstrapStandardErrorLogging(&env)
            let app = try await Application.make(env)
            do {
                try await configure(app)
                app.asyncCommands.use(BlocklistFixtureCommand(), as: "blocklist")
                app.asyncCommands.use(DemoSeedCommand(), as: "seed-demo")
                if demo { app.demoSeeder = DemoData.seeder }
                try await app.execute()
            } catch {
                failure = error
            }
            try? await app.asyncShutdown()
        } catch {
            failure = error
        }
        if let failure {
            FileHandle.standardError.write(Data("kaiguul-fixture: \(String(describing: failure))\n".utf8))
            exit(1)
        }
    }
}
