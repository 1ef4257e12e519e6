import Evidence
import Fluent
import MediaMatch
import Vapor

/// The files a browser or video capture kept, from the blob store by their payload digest: a small
/// picture we draw of a screenshot or video thumbnail (shown inside pages whose opening is audited),
/// the full screenshot, and the video or subtitle file as a download (each audited before a byte leaves).
enum CapturedViewController {
    static func register(_ app: Application) {
        app.get("captures", ":id", "preview", use: preview)
        app.get("captures", ":id", "screenshot", use: screenshot)
        app.get("captures", ":id", "file", use: file)
    }

    static let pictureRoles: Set<String> = ["screenshot", "thumbnail", "video-thumbnail"]
    static let fileRoles: Set<String> = ["video", "subtitles", "video-thumbnail", "thumbnail", "screenshot"]

    /// A JPEG at most 640 pixels wide or tall, decoded and drawn by us (never the stored bytes).
    @Sendable static func preview(req: Request) async throws -> Response {
        let capture = try await find(req, roles: pictureRoles)
        guard let sha = capture.payloadSHA256, !sha.isEmpty else { throw AppError.notFound }
        let blobs = try req.application.monitoring.blobs
        guard blobs.contains(sha), let data = try? blobs.read(sha, maxBytes: 64 << 20),
              let jpeg = try? Thumbnail.jpeg(from: data, maxDimension: 640) else { throw AppError.notFound }
        let response = Response(status: .ok, body: .init(data: jpeg))
        response.headers.contentType = .jpeg
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=3600")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    /// The full-page PNG as the browser rendered it, shown in the browser (a PNG it checked starts as one),
    /// in a sandbox and never sniffed; an opening of evidence, audited.
    @Sendable static func screenshot(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .capture)
        let capture = try await find(req, roles: ["screenshot"])
        guard let id = capture.id, let sha = capture.payloadSHA256, !sha.isEmpty else { throw AppError.notFound }
        let data = try req.application.monitoring.blobs.read(sha, maxBytes: 256 << 20)
        guard data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw AppError.notFound }
        try await Custody.record(.captureOpen, .capture(id), user: user, sha256: sha,
                                 more: Custody.digests(of: capture), app: req.application)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = .png
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"kaiguul-screenshot-\(id).png\"")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        return response
    }

    /// The video, a subtitle file or a picture as stored, as an attachment (never rendered in our origin).
    @Sendable static func file(req: Request) async throws -> Response {
        let (user, _) = try req.authorize(.view, .capture)
        let capture = try await find(req, roles: fileRoles)
        guard let id = capture.id, let sha = capture.payloadSHA256, !sha.isEmpty else { throw AppError.notFound }
        let data = try req.application.monitoring.blobs.read(sha, maxBytes: 512 << 20)
        try await Custody.record(.mediaDownload, .capture(id), user: user, sha256: sha,
                                 more: Custody.digests(of: capture), app: req.application)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: "application/octet-stream")
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"kaiguul-\(capture.role ?? "file")-\(id)\"")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    /// The capture, when the reader may see it (its case, for an expert) and it has one of `roles`.
    private static func find(_ req: Request, roles: Set<String>) async throws -> Capture {
        let (user, _) = try req.authorize(.view, .capture)
        let id = try req.idParameter()
        try await EvidenceScope.check(.capture(id), user: user, on: req.db)
        guard let capture = try await Capture.find(id, on: req.db), let role = capture.role, roles.contains(role),
              capture.error == nil else { throw AppError.notFound }
        return capture
    }
}
