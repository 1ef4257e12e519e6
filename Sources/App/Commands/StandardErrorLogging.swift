import Vapor

/// Logs go to standard error, always: standard output carries a command's data (a block list, a
/// report, a package's digest), which the migration and request logs must never mix into. Shared by
/// `kaiguul` and the test-only `kaiguul-fixture`.
public func bootstrapStandardErrorLogging(_ environment: inout Environment) throws {
    try LoggingSystem.bootstrap(from: &environment) { level in
        { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
