import Vapor

extension Commands {
    /// Commands of the cases area.
    static func registerCases(on app: Application) {
        app.asyncCommands.use(ExportCommand(), as: "export")
        app.asyncCommands.use(VerifyBlocksCommand(), as: "verify-blocks")
        app.asyncCommands.use(CaseCommands(), as: "case")
    }
}
