import Foundation
import Vapor

/// `kaiguul retention run [--now YYYY-MM-DD]`: one retention run (`Retention.apply`) now, or as of a
/// later day (to see, or do, what the daily run will do by then). Prints the counts on standard
/// output, one `name=value` line each; the run is audited like the daily one.
struct RetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "run")
        var action: String
        @Option(name: "now", help: "the day to run as of (YYYY-MM-DD, today or later); default today")
        var now: String?
    }

    static let usage = "Usage: kaiguul retention run [--now YYYY-MM-DD]"

    var help: String { "Erases people's data whose retention period is over; prints the counts." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "run" else { throw CommandFailure(Self.usage) }
        let now = try Self.clock(signature.now, today: Date())
        let app = context.application
        try await app.requireExistingDatabase()
        for line in try await Self.run(app: app, now: now) { context.console.print(line) }
    }

    /// The moment to run as of: now, or the start of a later day (a day in the past would look
    /// like an older run in the audit log and is refused).
    static func clock(_ typed: String?, today: Date) throws -> Date {
        guard let typed else { return today }
        guard let day = PeriodReport.day(typed) else { throw CommandFailure("--now: not a day (YYYY-MM-DD): \(typed.prefix(32))") }
        guard Retention.day(day) >= Retention.day(today) else {
            throw CommandFailure("--now: \(Retention.day(day)) is before today; retention only runs forward")
        }
        return max(day, today)
    }

    static func run(app: Application, now: Date) async throws -> [String] {
        let counts = try await Retention.apply(now: now, settings: app.retention, app: app, actor: .commandLine)
        return counts.details(asOf: Retention.day(now)).map { "\($0.key)=\($0.value)" }
    }
}
