import Fluent
import Vapor

struct PartnerCallerKey: StorageKey {
    typealias Value = PartnerCaller
}

extension Request {
    /// The partner a `/taxii2/` request reads for (set by `TAXIIMiddleware`).
    var partnerCaller: PartnerCaller? {
        get { storage[PartnerCallerKey.self] }
        set { storage[PartnerCallerKey.self] = newValue }
    }

    func requirePartnerCaller() throws -> PartnerCaller {
        guard let caller = partnerCaller else { throw PartnerCaller.Refusal.unauthenticated }
        return caller
    }
}

/// The gate of `/taxii2/`: an Accept header we can serve (else 406), a partner account's token
/// (else 401, or 403 for an account that reads for no enabled partner), and every failure answered
/// as a TAXII error message rather than the site's HTML error page.
struct TAXIIMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            guard TAXIIMediaType.acceptable(request.headers.first(name: .accept)) else {
                return TAXIIResponse.error(.notAcceptable, "taxii.error.not_acceptable", request: request)
            }
            request.partnerCaller = try await PartnerCaller.find(
                authorization: request.headers.first(name: .authorization), on: request.db)
            return try await next.respond(to: request)
        } catch PartnerCaller.Refusal.unauthenticated {
            return TAXIIResponse.error(.unauthorized, "taxii.error.unauthorized", request: request)
        } catch PartnerCaller.Refusal.notAPartner {
            return TAXIIResponse.error(.forbidden, "taxii.error.forbidden", request: request)
        } catch let invalid as TAXIIFilter.Invalid {
            return TAXIIResponse.error(.badRequest, "taxii.error.bad_parameter", request: request,
                                       values: ["parameter": invalid.parameter])
        } catch let error as AbortError where error.status == .notFound {
            return TAXIIResponse.error(.notFound, "taxii.error.not_found", request: request)
        } catch {
            request.logger.report(error: error)
            return TAXIIResponse.error(.internalServerError, "taxii.error.internal", request: request)
        }
    }
}
