import Vapor

/// The stylesheet and the script are compiled into the binary: one file to deploy, nothing to lose.
enum StaticController {
    @Sendable static func css(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: Stylesheet.css))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }

    @Sendable static func script(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: AppScript.js))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }
}
