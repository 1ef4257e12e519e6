import Vapor

extension Request {
    /// Decodes a form or JSON body after checking it is valid UTF-8, so a field is never stored
    /// with replacement characters silently standing in for what was sent.
    func input<T: Decodable>(_ type: T.Type) throws -> T {
        if let body = body.data {
            // Route limits apply while streaming; this also covers bodies that arrived whole.
            if body.readableBytes > Self.formBodyLimit {
                throw AppError(status: .payloadTooLarge, message: "error.too_large")
            }
            let bytes = body.readableBytesView
            guard String(validating: bytes, as: UTF8.self) != nil else {
                throw AppError(status: .badRequest, message: "error.invalid_utf8")
            }
            if headers.contentType == .urlEncodedForm, !Self.percentDecodesToUTF8(bytes) {
                throw AppError(status: .badRequest, message: "error.invalid_utf8")
            }
        }
        if headers.contentType == nil, isAPI {
            throw AppError(status: .unsupportedMediaType, message: "error.unsupported_media")
        }
        return try content.decode(T.self)
    }

    static let formBodyLimit = 1_048_576

    /// Each `name=value` pair must percent-decode to valid UTF-8.
    static func percentDecodesToUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        for pair in text.split(separator: "&") {
            for part in pair.split(separator: "=", maxSplits: 1) {
                let plus = part.replacingOccurrences(of: "+", with: " ")
                if plus.contains("%"), plus.removingPercentEncoding == nil { return false }
            }
        }
        return true
    }
}
