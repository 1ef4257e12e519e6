import Vapor

/// Pages and API of the indicator registry.
enum IndicatorRoutes {
    static func register(_ app: Application) throws {
        app.get("indicators", use: IndicatorController.index)
        app.get("indicators", "new", use: IndicatorController.new)
        app.post("indicators", use: IndicatorController.create)
        app.get("indicators", "import", use: IndicatorController.importForm)
        app.on(.POST, "indicators", "import", body: .collect(maxSize: ByteCount(value: IndicatorImport.maxBytes * 2)),
               use: IndicatorController.importFile)
        app.get("indicators", ":id", "edit", use: IndicatorController.edit)
        app.post("indicators", ":id", use: IndicatorController.update)
        app.post("indicators", ":id", "retire", use: IndicatorController.retire)

        let api = app.grouped("api", "v1")
        api.get("indicators", use: IndicatorAPIController.index)
        api.post("indicators", use: IndicatorAPIController.create)
        api.patch("indicators", ":id", use: IndicatorAPIController.update)
        api.post("indicators", ":id", "retire", use: IndicatorAPIController.retire)
    }
}
