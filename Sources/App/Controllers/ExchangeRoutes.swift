import Vapor

/// What leaves in files: the MISP feed of each sharing rule for its partner's tokens, and the JSON
/// schemas of Kaiguul's STIX extensions (public: a schema is no secret, and consumers fetch it).
enum ExchangeRoutes {
    static func register(_ app: Application) throws {
        let feed = app.grouped("feeds", "misp", ":collection")
        feed.get("manifest.json", use: ExchangeFeedController.manifest)
        feed.get("hashes.csv", use: ExchangeFeedController.hashes)
        feed.get(":event", use: ExchangeFeedController.event)
        app.get("stix", "extensions", ":schema", use: ExchangeFeedController.schema)
    }
}
