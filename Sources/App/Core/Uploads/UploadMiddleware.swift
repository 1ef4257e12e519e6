import Foundation
import KaiguulCore
import Vapor

/// The only way a route takes a large body. Before a byte of it is read, the person must be
/// signed in, allowed to upload here, and (for pages) prove the session's CSRF token: in the
/// `X-CSRF-Token` header, or in a `_csrf` field that comes before the file in the form (browsers
/// send fields in page order, and the forms put it first). The body then goes to a temporary file
/// under the data folder, within the upload limit, and the file is removed after the response.
struct UploadMiddleware: AsyncMiddleware {
    /// Marks upload routes, so `CSRFMiddleware` leaves their body to this middleware.
    static let marker = "kaiguul.upload"

    let action: Action
    let resource: Resource

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try request.authorize(action, resource)
        var pending: String?
        if !request.isAPI {
            guard request.hasSession, let expected = request.session.data["csrf"] else { throw AppError.csrf }
            if let given = request.headers.first(name: "X-CSRF-Token") {
                guard Token.constantTimeEqual(expected, given) else { throw AppError.csrf }
            } else {
                pending = expected
            }
        }
        let receiver = UploadReceiver(directory: Self.directory(request.kaiguul), fileLimit: request.kaiguul.uploadLimitBytes,
                                      csrf: pending)
        let upload = try await receiver.receive(request)
        defer { if let url = upload.file?.url { try? FileManager.default.removeItem(at: url) } }
        request.storage[ReceivedUploadKey.self] = upload
        return try await next.respond(to: request)
    }

    /// Uploads in progress; on the data folder's disk, so a blob is published by a rename there.
    static func directory(_ config: AppConfig) -> URL {
        config.dataDirectory.appendingPathComponent("uploads-in-progress")
    }
}

extension RoutesBuilder {
    /// A POST route whose body is an upload, read by `UploadMiddleware` once `action` on
    /// `resource` is allowed; the handler finds it in `req.receivedUpload()`.
    @discardableResult
    func upload(_ path: PathComponent..., allowing action: Action, _ resource: Resource,
                use closure: @escaping @Sendable (Request) async throws -> Response) -> Route {
        let route = grouped(UploadMiddleware(action: action, resource: resource))
            .on(.POST, path, body: .stream, use: closure)
        route.userInfo[AnySendableHashable(UploadMiddleware.marker)] = true
        return route
    }
}
