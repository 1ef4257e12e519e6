import Vapor

/// TAXII 2.1 for partners, read-only: discovery at `/taxii2/`, one API root, one collection per
/// active sharing rule of the caller's partner.
enum TAXIIRoutes {
    static func register(_ app: Application) throws {
        let taxii = app.grouped("taxii2").grouped(TAXIIMiddleware())
        taxii.get(use: TAXIIController.discovery)
        let root = taxii.grouped(PathComponent(stringLiteral: TAXIIController.apiRoot))
        root.get(use: TAXIIController.apiRootInformation)
        root.get("collections", use: TAXIIController.collections)
        let collection = root.grouped("collections", ":collection")
        collection.get(use: TAXIIController.collection)
        collection.get("objects", use: TAXIIController.objects)
        collection.get("manifest", use: TAXIIController.manifest)
        collection.get("objects", ":object", use: TAXIIController.object)
        collection.get("objects", ":object", "versions", use: TAXIIController.versions)
        // Anything else under /taxii2/ is a TAXII 404, not the site's HTML page.
        taxii.get("**", use: TAXIIController.notFound)
    }
}
