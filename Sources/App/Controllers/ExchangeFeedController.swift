import Exchange
import Fluent
import Foundation
import Vapor

/// The MISP feed of one sharing rule at `/feeds/misp/<collection id>/`: MISP pulls `manifest.json`,
/// `hashes.csv` and each `<event uuid>.json` with the partner's token (MISP sends feed headers, e.g.
/// `Authorization: Bearer …`; Basic with the token as password works too). Another partner's
/// collection, a revoked rule and an unknown id are the same 404. Every file handed out is an export,
/// audited with its recipient; a file with no attribute in it gives nothing away and is not logged.
enum ExchangeFeedController {
    @Sendable static func manifest(req: Request) async throws -> Response {
        try await refusing {
            let (caller, rule, feed) = try await load(req)
            try await audit(req, caller: caller, rule: rule, format: "misp-manifest", count: feed.events.count)
            return respond(feed.manifest.canonicalData, type: "application/json")
        }
    }

    @Sendable static func hashes(req: Request) async throws -> Response {
        try await refusing {
            let (caller, rule, feed) = try await load(req)
            let body = feed.hashesCSV
            try await audit(req, caller: caller, rule: rule, format: "misp-hashes",
                            count: body.split(separator: "\n").count)
            return respond(Data(body.utf8), type: "text/csv; charset=utf-8")
        }
    }

    @Sendable static func event(req: Request) async throws -> Response {
        try await refusing {
            let name = String((req.parameters.get("event") ?? "").prefix(60)).lowercased()
            guard name.hasSuffix(".json"), UUID(uuidString: String(name.dropLast(5))) != nil else {
                throw Refusal(status: .notFound)
            }
            let (caller, rule, feed) = try await load(req)
            guard let event = feed.event(uuid: String(name.dropLast(5))) else { throw Refusal(status: .notFound) }
            try await audit(req, caller: caller, rule: rule, format: "misp-event",
                            count: event.attributes.count + event.objects.count, extra: ["event": event.uuid])
            return respond(event.feedJSON(org: feed.org).canonicalData, type: "application/json")
        }
    }

    @Sendable static func schema(req: Request) async throws -> Response {
        let file = String((req.parameters.get("schema") ?? "").prefix(60))
        let producer = ExchangeProducer.current()
        guard file.hasSuffix(".json"),
              let schema = STIXExtensionSchemas.schema(String(file.dropLast(5)), baseURL: producer.schemaBaseURL)
        else { throw AppError.notFound }
        return respond(schema.canonicalData, type: "application/schema+json")
    }

    // MARK: -

    private static func load(_ req: Request) async throws -> (PartnerCaller, SharingRule, MISPFeed) {
        let caller: PartnerCaller
        do {
            caller = try await PartnerCaller.find(authorization: req.headers.first(name: .authorization), on: req.db)
        } catch PartnerCaller.Refusal.unauthenticated {
            throw Refusal(status: .unauthorized)
        } catch PartnerCaller.Refusal.notAPartner {
            throw Refusal(status: .forbidden)
        }
        let collection = String((req.parameters.get("collection") ?? "").prefix(60))
        guard UUID(uuidString: collection) != nil,
              let rule = try await SharingScope.rule(collection: collection, forPartner: caller.partnerID, on: req.db)
        else { throw Refusal(status: .notFound) }
        try await req.application.exchangeFreshness.ensureFresh(app: req.application)
        let feed = try await RuleExport.mispFeed(for: rule, producer: ExchangeProducer.current(), on: req.db)
        return (caller, rule, feed)
    }

    private static func audit(_ req: Request, caller: PartnerCaller, rule: SharingRule, format: String, count: Int,
                              extra: [String: String] = [:]) async throws {
        guard count > 0 else { return }
        let actor = caller.user.auditActor
        try await req.application.write { db in
            try await RuleExport.audit(rule, actor: actor, format: format, count: count, extra: extra, on: db)
        }
    }

    private static func respond(_ data: Data, type: String) -> Response {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: type)
        headers.add(name: .cacheControl, value: "no-store")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// A feed client reads JSON errors, never the site's HTML pages or a redirect to its login.
    private struct Refusal: Error {
        var status: HTTPResponseStatus
    }

    private static func refusing(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let refusal as Refusal {
            let message = switch refusal.status {
            case .unauthorized: "a partner API token is required"
            case .forbidden: "this account reads for no partner"
            default: "no such feed or event"
            }
            let response = KaiguulErrorMiddleware.json(status: refusal.status, error: message, field: nil)
            if refusal.status == .unauthorized {
                response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"kaiguul\"")
            }
            return response
        }
    }
}
