import Vapor

/// Public documents at `/.well-known/`: anyone checking a package or a checkpoint needs the
/// instance's public keys without an account.
enum WellKnownController {
    @Sendable static func keys(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: try req.signingKeys.document.json()))
        response.headers.contentType = .json
        // A rotation shows within minutes; verifiers in browsers may read it from anywhere.
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        response.headers.replaceOrAdd(name: .accessControlAllowOrigin, value: "*")
        return response
    }
}
