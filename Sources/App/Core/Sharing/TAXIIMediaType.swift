import Foundation

/// The media types of TAXII 2.1 (§1.6.8): what the server speaks and what it serves inside.
enum TAXIIMediaType {
    /// Written without a space: taxii2-client compares the parameter tokens of the answer with
    /// those of its Accept header after removing spaces, so either spelling passes there, and
    /// this one is the spec's own.
    static let taxii = "application/taxii+json;version=2.1"
    static let stix = "application/stix+json;version=2.1"

    /// Whether a request's Accept header lets us answer in TAXII 2.1. No header is read as "anything"
    /// (HTTP's rule); `application/taxii+json` without a version means the newest, which is 2.1;
    /// another version, or only types we cannot produce (`text/html`, `application/json`), is a 406.
    static func acceptable(_ header: String?) -> Bool {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else { return true }
        guard header.utf8.count <= 1024 else { return false }
        for range in header.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first else { continue }
            var version: String?
            var quality = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                if pair[0] == "version" { version = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                if pair[0] == "q" { quality = Double(pair[1]) ?? 1.0 }
            }
            guard quality > 0 else { continue }
            switch type {
            case "*/*", "application/*": return true
            case "application/taxii+json": if version == nil || version == "2.1" { return true }
            default: continue
            }
        }
        return false
    }
}
