import Fluent
import Foundation
import KaiguulCore
import Vapor

/// The TAXII 2.1 endpoints. Thin: the caller comes from `TAXIIMiddleware`, the collection from
/// `SharingScope`, the pages from `TAXIIReader`; this file only shapes the resources.
enum TAXIIController {
    static let apiRoot = "kaiguul"

    @Sendable static func discovery(req: Request) async throws -> Response {
        let root = rootURL(req)
        return TAXIIResponse.json([
            "title": req.t("taxii.discovery.title"),
            "description": req.t("taxii.discovery.description"),
            "default": root,
            "api_roots": [root],
        ])
    }

    @Sendable static func apiRootInformation(req: Request) async throws -> Response {
        TAXIIResponse.json([
            "title": req.t("taxii.root.title"),
            "description": req.t("taxii.root.description"),
            "versions": [TAXIIMediaType.taxii],
            // Nothing can be posted (can_write is false everywhere); the figure is what the spec requires.
            "max_content_length": 1_048_576,
        ])
    }

    @Sendable static func collections(req: Request) async throws -> Response {
        let caller = try req.requirePartnerCaller()
        let rules = try await SharingScope.rules(forPartner: caller.partnerID, on: req.db)
        guard !rules.isEmpty else { return TAXIIResponse.json([:]) }
        return TAXIIResponse.json(["collections": rules.map { resource($0, t: req.t) }])
    }

    @Sendable static func collection(req: Request) async throws -> Response {
        let (_, rule) = try await collectionRule(req)
        return TAXIIResponse.json(resource(rule, t: req.t))
    }

    @Sendable static func objects(req: Request) async throws -> Response {
        let (caller, rule) = try await collectionRule(req)
        let filter = try TAXIIFilter.parse(req.url.query)
        try await req.application.exchangeFreshness.ensureFresh(app: req.application)
        let page = try await TAXIIReader.page(rule, filter: filter, on: req.db)
        return try await envelope(page, rule: rule, caller: caller, endpoint: "objects", filter: filter, req: req)
    }

    @Sendable static func object(req: Request) async throws -> Response {
        let (caller, rule) = try await collectionRule(req)
        let objectID = try objectParameter(req)
        let filter = try TAXIIFilter.parse(req.url.query)
        try await req.application.exchangeFreshness.ensureFresh(app: req.application)
        guard try await TAXIIReader.holds(rule, objectID: objectID, on: req.db) else { throw AppError.notFound }
        let page = try await TAXIIReader.page(rule, filter: filter, objectID: objectID, on: req.db)
        return try await envelope(page, rule: rule, caller: caller, endpoint: "object", filter: filter, req: req)
    }

    @Sendable static func manifest(req: Request) async throws -> Response {
        let (caller, rule) = try await collectionRule(req)
        let filter = try TAXIIFilter.parse(req.url.query)
        try await req.application.exchangeFreshness.ensureFresh(app: req.application)
        let page = try await TAXIIReader.page(rule, filter: filter, on: req.db)
        var body: [String: Any] = ["more": page.more]
        if let next = page.next { body["next"] = next }
        if !page.rows.isEmpty {
            body["objects"] = page.rows.map { row -> [String: Any] in
                ["id": row.stixID, "date_added": TAXIITimestamp.format(row.dateAdded), "version": row.modified,
                 "media_type": TAXIIMediaType.stix]
            }
        }
        try await TAXIIReadAudit.record(page.rows.count, endpoint: "manifest", rule: rule, caller: caller,
                                        filter: filter, rows: page.rows, query: req.url.query, app: req.application)
        let response = TAXIIResponse.json(body)
        TAXIIResponse.dateAddedHeaders(page.rows, on: response)
        return response
    }

    /// Every version of one object (`versions/`), oldest first, whatever `match[version]` says.
    @Sendable static func versions(req: Request) async throws -> Response {
        let (caller, rule) = try await collectionRule(req)
        let objectID = try objectParameter(req)
        let filter = try TAXIIFilter.parse(req.url.query)
        try await req.application.exchangeFreshness.ensureFresh(app: req.application)
        guard try await TAXIIReader.holds(rule, objectID: objectID, on: req.db) else { throw AppError.notFound }
        let page = try await TAXIIReader.page(rule, filter: filter, objectID: objectID, versions: .all, on: req.db)
        var body: [String: Any] = ["more": page.more]
        if let next = page.next { body["next"] = next }
        if !page.rows.isEmpty { body["versions"] = page.rows.map(\.modified) }
        try await TAXIIReadAudit.record(page.rows.count, endpoint: "versions", rule: rule, caller: caller,
                                        filter: filter, rows: page.rows, query: req.url.query, app: req.application)
        let response = TAXIIResponse.json(body)
        TAXIIResponse.dateAddedHeaders(page.rows, on: response)
        return response
    }

    @Sendable static func notFound(req: Request) async throws -> Response {
        throw AppError.notFound
    }

    // MARK: - Parts

    /// The collection named in the path, if it is one of the caller's partner's active rules.
    /// Another partner's collection, a revoked rule and an unknown id are all the same 404.
    private static func collectionRule(_ req: Request) async throws -> (PartnerCaller, SharingRule) {
        let caller = try req.requirePartnerCaller()
        guard let raw = req.parameters.get("collection"), raw.utf8.count <= 64,
              let rule = try await SharingScope.rule(collection: raw, forPartner: caller.partnerID, on: req.db)
        else { throw AppError.notFound }
        return (caller, rule)
    }

    private static func objectParameter(_ req: Request) throws -> String {
        guard let raw = req.parameters.get("object"), TAXIIFilter.isSTIXIdentifier(raw) else { throw AppError.notFound }
        return raw
    }

    private static func envelope(_ page: TAXIIReader.Page, rule: SharingRule, caller: PartnerCaller, endpoint: String,
                                 filter: TAXIIFilter, req: Request) async throws -> Response {
        guard let tlp = rule.tlp else { throw AppError.notFound }
        let objects = try page.rows.map { try TAXIIMarking.apply(tlp, to: $0.json) }
        try await TAXIIReadAudit.record(objects.count, endpoint: endpoint, rule: rule, caller: caller, filter: filter,
                                        rows: page.rows, query: req.url.query, app: req.application)
        let response = TAXIIResponse.raw(TAXIIResponse.envelope(objects, more: page.more, next: page.next))
        TAXIIResponse.dateAddedHeaders(page.rows, on: response)
        return response
    }

    /// A collection resource (§5.2.1). The rule's note stays home: it is the legal officer's, not the partner's.
    private static func resource(_ rule: SharingRule, t: Translator) -> [String: Any] {
        [
            "id": rule.collectionID,
            "title": rule.title,
            "description": t("taxii.collection.description",
                             ["tlp": rule.tlp?.label ?? "", "subject": t("sharing.subject.\(rule.subjectKind?.rawValue ?? "organization")")]),
            "can_read": true,
            "can_write": false,
            "media_types": [TAXIIMediaType.stix],
        ]
    }

    private static func rootURL(_ req: Request) -> String {
        var base = req.kaiguul.publicURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/taxii2/\(apiRoot)/"
    }
}
