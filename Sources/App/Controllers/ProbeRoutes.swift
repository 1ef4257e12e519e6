import Vapor

/// Probes in providers' networks: the admin page with the networks table, the compliance pages, and
/// the probe API (signed block list, measurement upload).
enum ProbeRoutes {
    static func register(_ app: Application) throws {
        app.get("probes", use: ProbeController.index)
        app.post("probes", use: ProbeController.create)
        app.post("probes", ":id", "disable", use: ProbeController.disable)
        app.post("probes", "networks", use: ProbeController.addNetwork)
        app.post("probes", "networks", "import", use: ProbeController.importNetworks)
        app.post("probes", "networks", ":id", "delete", use: ProbeController.deleteNetwork)

        app.get("compliance", use: ProbeComplianceController.index)
        app.get("compliance", ":asn", use: ProbeComplianceController.network)

        _ = app.probeUploadLimiter
        let api = app.grouped("api", "v1", "probe")
        api.get("blocklist", use: ProbeAPIController.blocklist)
        api.on(.POST, "measurements", body: .collect(maxSize: ByteCount(value: ProbeUpload.maxBodyBytes)),
               use: ProbeAPIController.measurements)
    }
}
