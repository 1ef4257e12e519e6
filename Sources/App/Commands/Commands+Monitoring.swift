import Vapor

extension Commands {
    /// Commands of the monitoring area: `worker`, `archive`, and the worker embedded in `serve`.
    ///
    /// `serve` is Vapor's own command, which rejects flags it does not know, so `--no-worker` is
    /// taken out of the command line here, before the command runs; without it, serve gets one
    /// embedded worker as a lifecycle handler (started after boot, stopped at shutdown).
    static func registerMonitoring(on app: Application) {
        app.asyncCommands.use(WorkerCommand(), as: "worker")
        app.asyncCommands.use(ArchiveCommand(), as: "archive")
        MonitoringServicesLifecycle.install(on: app)
        app.lifecycle.use(MonitoringServicesLifecycle())
        guard ServeBootstrap.isServe(app.environment.arguments), app.environment != .testing else { return }
        if app.environment.arguments.contains("--no-worker") {
            app.environment.arguments.removeAll { $0 == "--no-worker" }
        } else {
            app.lifecycle.use(EmbeddedWorker())
        }
    }
}
