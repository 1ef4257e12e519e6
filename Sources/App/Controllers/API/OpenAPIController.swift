import Vapor

/// Serves the OpenAPI document kept in the repository (`Sources/App/Resources/openapi.yaml`),
/// the same file `make test` validates.
enum OpenAPIController {
    @Sendable static func document(req: Request) async throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url)
        else { throw AppError.notFound }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: "application/yaml; charset=utf-8")
        return response
    }
}
