import Evidence
import Foundation

/// What is known of one closed WARC file's timestamps, kept beside it as `<file>.timestamps.json`
/// (the file's name, SHA-256 and size as written, and its tokens). Packages and pages read this;
/// the tokens themselves are the `.tsr` files it names.
struct WARCTimestamps: Codable, Sendable, Equatable {
    var file: String
    var sha256: String
    var size: UInt64
    var tokens: [StoredToken]

    enum Failure: Error, CustomStringConvertible {
        case badName(String)
        case tooLarge(String)

        var description: String {
            switch self {
            case .badName(let name): "not a file name beside the WARC files: \(name.prefix(200))"
            case .tooLarge(let name): "larger than a timestamp file can be: \(name.prefix(200))"
            }
        }
    }

    /// A TimeStampResp with its certificates is a few kilobytes; anything far larger is not one.
    static let maxTokenBytes = 1 << 20
    static let maxSidecarBytes = 4 << 20

    init(file: ClosedWARC, tokens: [StoredToken] = []) {
        self.file = file.name
        sha256 = file.sha256
        size = file.size
        self.tokens = tokens
    }

    /// Where the process's WARC files, and so their timestamps, are (`MonitoringServices.make`).
    static func directory(for config: AppConfig) -> URL {
        config.dataDirectory.appendingPathComponent("warc")
    }

    static func sidecarName(forWARC name: String) -> String { name + ".timestamps.json" }

    static func tokenName(forWARC name: String, number: Int) -> String { "\(name).\(number).tsr" }

    /// The tokens kept for the WARC file `name` in `directory`; none when it has no (readable) record.
    static func tokens(forWARC name: String, in directory: URL) -> [StoredToken] {
        (try? read(forWARC: name, in: directory))?.tokens ?? []
    }

    /// The sidecar of `name`, nil when there is none. Names that could leave the directory are refused.
    static func read(forWARC name: String, in directory: URL) throws -> WARCTimestamps? {
        guard isPlainName(name) else { throw Failure.badName(name) }
        let url = directory.appendingPathComponent(sidecarName(forWARC: name))
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= maxSidecarBytes else { throw Failure.tooLarge(url.lastPathComponent) }
        let decoded = try decoder.decode(WARCTimestamps.self, from: Data(contentsOf: url))
        // A sidecar edited to name another file's tokens, or a path outside, is not believed.
        guard decoded.file == name, decoded.tokens.allSatisfy({ isPlainName($0.path) }) else {
            throw Failure.badName(name)
        }
        return decoded
    }

    /// Replaces the sidecar in one step (write beside, then rename), so a reader never sees half of it.
    func write(in directory: URL) throws {
        guard Self.isPlainName(file) else { throw Failure.badName(file) }
        let url = directory.appendingPathComponent(Self.sidecarName(forWARC: file))
        try Self.encoder.encode(self).write(to: url, options: .atomic)
    }

    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 255 && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\\")
            && !name.contains("\0")
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
