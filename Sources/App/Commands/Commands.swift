import Vapor

enum Commands {
    static func register(on app: Application) {
        app.asyncCommands.use(MigrateCommand(), as: "migrate")
        app.asyncCommands.use(UserCommand(), as: "user")
        app.asyncCommands.use(AuditCommand(), as: "audit")
        app.asyncCommands.use(KeysCommand(), as: "keys")
        app.asyncCommands.use(MediaCommands(), as: "media")
        app.asyncCommands.use(BankCommand(), as: "bank")
        app.asyncCommands.use(AnalyzeCommand(), as: "analyze")
        app.asyncCommands.use(LanguageModelCommands(), as: "langid")
        app.asyncCommands.use(ClassifierCommands(), as: "classifier")
        app.asyncCommands.use(RegistryImportCommand(), as: "import")
        app.asyncCommands.use(ReportCommand(), as: "report")
        app.asyncCommands.use(ExchangeCommand(), as: "exchange")
        app.asyncCommands.use(ProbeCommand(), as: "probe")
        app.asyncCommands.use(MirrorsCommand(), as: "mirrors")
        app.asyncCommands.use(BackupCommand(), as: "backup")
        app.asyncCommands.use(RestoreCommand(), as: "restore")
        app.asyncCommands.use(RetentionCommand(), as: "retention")
        // `demo` is rewritten to `serve` by the entry point; this entry only documents it in --help.
        app.asyncCommands.use(DemoHelpCommand(), as: "demo")
        if ServeBootstrap.isServe(app.environment.arguments), app.environment != .testing {
            // Before the monitoring handlers: shut down after them, so the last checkpoint covers the worker's rows.
            app.lifecycle.use(AuditCheckpointSchedule())
            app.lifecycle.use(SharedFigures.Warmer())
            app.lifecycle.use(RetentionSchedule())
        }
        app.asyncCommands.use(VerifyPackageCommand(), as: "verify-package")
        registerCases(on: app)
        registerMonitoring(on: app)
        registerProgramme(on: app)
        if ServeBootstrap.isServe(app.environment.arguments) {
            app.lifecycle.use(ServeBootstrap())
        }
    }
}
