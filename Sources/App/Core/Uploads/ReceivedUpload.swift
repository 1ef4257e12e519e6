import Foundation
import Vapor

/// An upload as the upload middleware received it: the form's text fields and the one file,
/// already on disk in a temporary file that is removed when the response is sent.
struct ReceivedUpload: Sendable {
    struct File: Sendable {
        var url: URL
        var size: Int
        /// The name the browser gave (untrusted; cleaned where it is stored), nil for a raw body.
        var filename: String?
        /// The form field that carried it (`file`), nil for a raw body.
        var field: String?

        /// The bytes, mapped from the temporary file rather than copied into memory.
        func data() throws -> Data { try Data(contentsOf: url, options: .alwaysMapped) }
    }

    var fields: [String: String] = [:]
    var file: File?
}

struct ReceivedUploadKey: StorageKey {
    typealias Value = ReceivedUpload
}

extension Request {
    /// The upload read by `UploadMiddleware`; an upload route without it is a programming error,
    /// answered as a bad request rather than by reading the body here.
    func receivedUpload() throws -> ReceivedUpload {
        guard let upload = storage[ReceivedUploadKey.self] else { throw Abort(.badRequest) }
        return upload
    }
}
