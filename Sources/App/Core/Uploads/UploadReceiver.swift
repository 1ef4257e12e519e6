import Foundation
import MultipartKit
import NIOCore
import Vapor

/// Reads an upload's body as it arrives into a temporary file under the data folder, within
/// bounds, never holding it in memory. A multipart form must prove its CSRF token in a `_csrf`
/// field before its file part starts, so a forged form is refused after a few kilobytes.
struct UploadReceiver {
    /// Text fields, part headers and everything read before the CSRF field stay this small.
    static let fieldBytes = 65_536

    let directory: URL
    let fileLimit: Int
    /// The session's token a multipart form must carry; nil when already proven (header, API).
    let csrf: String?

    func receive(_ request: Request) async throws -> ReceivedUpload {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("upload-" + Token.random(bytes: 16))
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw Abort(.internalServerError, reason: "cannot create an upload file") }
        do {
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            if let contentType = request.headers.contentType, contentType.type == "multipart" {
                return try await multipart(request, boundary: contentType.parameters["boundary"], into: handle, url: url)
            }
            // A raw body has no field to carry a token: the page route needs it in the header.
            guard csrf == nil else { throw AppError.csrf }
            var size = 0
            for try await chunk in request.body {
                size += chunk.readableBytes
                guard size <= fileLimit else { throw AppError(status: .payloadTooLarge, message: "error.too_large") }
                try handle.write(contentsOf: chunk.readableBytesView)
            }
            return ReceivedUpload(fields: [:], file: .init(url: url, size: size, filename: nil, field: nil))
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    private func multipart(_ request: Request, boundary: String?, into handle: FileHandle, url: URL) async throws
        -> ReceivedUpload
    {
        guard let boundary, (1...70).contains(boundary.utf8.count) else { throw AppError.invalid("file", "error.required") }
        let form = MultipartForm(csrf: csrf, fileLimit: fileLimit, handle: handle)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in form.header(name, value) }
        parser.onBody = { buffer in form.body(&buffer) }
        parser.onPartComplete = { form.partComplete() }
        for try await chunk in request.body {
            form.received += chunk.readableBytes
            guard form.received <= fileLimit + Self.fieldBytes else {
                throw AppError(status: .payloadTooLarge, message: "error.too_large")
            }
            // A file part refuses to start without the token, so a chunk of any size writes nothing
            // before it; past the small bound, a form still without its token is refused.
            do { try parser.execute(chunk) } catch { throw AppError.invalid("file", "error.required") }
            if let failure = form.failure { throw failure }
            if form.csrf != nil, form.received > Self.fieldBytes { throw AppError.csrf }
        }
        if form.csrf != nil { throw AppError.csrf }
        guard let size = form.fileSize else { throw AppError.invalid("file", "error.required") }
        return ReceivedUpload(fields: form.fields,
                              file: .init(url: url, size: size, filename: form.fileName, field: form.fileField))
    }
}

/// The state of one multipart form as its parts go by (the parser calls back synchronously).
private final class MultipartForm {
    var csrf: String?
    let fileLimit: Int
    let handle: FileHandle
    var received = 0
    var failure: AppError?
    var fields: [String: String] = [:]
    var fieldBytes = 0
    var fileSize: Int?
    var fileName: String?
    var fileField: String?

    private var headers = HTTPHeaders()
    private var started = false
    private var isFile = false
    private var name = ""
    private var value = [UInt8]()
    private var written = 0

    init(csrf: String?, fileLimit: Int, handle: FileHandle) {
        self.csrf = csrf
        self.fileLimit = fileLimit
        self.handle = handle
    }

    func header(_ name: String, _ value: String) {
        fieldBytes += name.utf8.count + value.utf8.count
        if fieldBytes > UploadReceiver.fieldBytes { fail(.invalid("file", "error.too_large")) }
        headers.add(name: name, value: value)
    }

    func body(_ buffer: inout ByteBuffer) {
        guard failure == nil else { return }
        if !started { start() }
        guard failure == nil else { return }
        if isFile {
            written += buffer.readableBytes
            guard written <= fileLimit else { return fail(AppError(status: .payloadTooLarge, message: "error.too_large")) }
            do { try handle.write(contentsOf: buffer.readableBytesView) } catch {
                fail(AppError(status: .internalServerError, message: "error.too_large"))
            }
        } else {
            fieldBytes += buffer.readableBytes
            guard fieldBytes <= UploadReceiver.fieldBytes else { return fail(.invalid(name, "error.too_large")) }
            value.append(contentsOf: buffer.readableBytesView)
        }
    }

    func partComplete() {
        guard failure == nil else { return }
        if !started { start() }
        guard failure == nil else { return }
        if isFile {
            fileSize = written
        } else {
            let text = String(decoding: value, as: UTF8.self)
            if name == CSRFMiddleware.field, let expected = csrf {
                guard Token.constantTimeEqual(expected, text) else { return fail(.csrf) }
                csrf = nil
            }
            if fields[name] == nil { fields[name] = text }
        }
        headers = HTTPHeaders()
        started = false
        value = []
    }

    /// The headers of a part are complete: a file may start only once the form's token is proven.
    private func start() {
        started = true
        let disposition = headers.contentDisposition
        name = disposition?.name ?? ""
        isFile = disposition?.filename != nil
        guard isFile else { return }
        guard csrf == nil else { return fail(.csrf) }
        guard fileField == nil else { return fail(.invalid(name, "error.unknown_value")) }
        fileField = name
        fileName = disposition?.filename
    }

    private func fail(_ error: AppError) {
        if failure == nil { failure = error }
    }
}
