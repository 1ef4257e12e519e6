import Foundation
import Vapor

/// Logs go to standard error, always: standard output carries a command's data (a block list, a
/// report, a package's digest), which the migration and request logs must never mix into. Shared by
/// `kaiguul` and the test-only `kaiguul-fixture`. `KAIGUUL_LOG_FORMAT=json` writes each record as one
/// JSON object per line (`JSONLogHandler`) for a log collector; anything else keeps the plain text.
public func bootstrapStandardErrorLogging(_ environment: inout Environment,
                                          processEnvironment: [String: String] = ProcessInfo.processInfo.environment)
    throws
{
    let json = try LogFormat.isJSON(processEnvironment["KAIGUUL_LOG_FORMAT"])
    try LoggingSystem.bootstrap(from: &environment) { level in
        { label in
            if json {
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

enum LogFormat {
    /// `json`, or `text`/unset for the default. A misspelt value is refused at start rather than
    /// silently sending a collector lines it cannot parse.
    static func isJSON(_ value: String?) throws -> Bool {
        switch value?.lowercased() ?? "" {
        case "json": return true
        case "", "text": return false
        default: throw CommandFailure("KAIGUUL_LOG_FORMAT: \"\(String(value!.prefix(32)))\" is neither json nor text")
        }
    }
}
