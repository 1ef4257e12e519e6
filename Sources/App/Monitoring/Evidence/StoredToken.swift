import Foundation

/// One RFC 3161 token kept beside a WARC file: the whole TimeStampResp in `<file>.<n>.tsr`, so that
/// `openssl ts -verify -in <file>.<n>.tsr -data <file> -CAfile ROOTS` checks it without Kaiguul.
struct StoredToken: Codable, Sendable, Equatable {
    /// The authority that signed it (its URL as configured).
    var tsa: String
    /// The time the authority put in the token.
    var genTime: Date
    /// The `.tsr` file's name, beside the WARC file (never a path: nothing outside the directory).
    var path: String
    /// The later WARC file whose `resource` record holds the same token, once one does.
    var recordedIn: String?

    /// The token's bytes (the whole TimeStampResp).
    func response(in directory: URL) throws -> Data {
        guard WARCTimestamps.isPlainName(path), path.hasSuffix(".tsr") else {
            throw WARCTimestamps.Failure.badName(path)
        }
        let url = directory.appendingPathComponent(path)
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= WARCTimestamps.maxTokenBytes else { throw WARCTimestamps.Failure.tooLarge(path) }
        return try Data(contentsOf: url)
    }
}
