import Vapor

/// A case's evidence package and court packet: pages and API.
enum PackageRoutes {
    static func register(_ app: Application) throws {
        app.get("static", "court-packet.css", use: PackageController.stylesheet)
        app.get("cases", ":id", "package.wacz", use: PackageController.download)
        app.get("cases", ":id", "court-packet", use: PackageController.courtPacket)
        app.get("cases", ":id", "court-packet.pdf", use: PackageController.courtPacketPDF)

        let api = app.grouped("api", "v1")
        api.get("cases", ":id", "package.wacz", use: PackageController.download)
    }
}
