import Foundation

@testable import Evidence

/// Builds WARC records byte by byte, so tests can break them in exactly one way.
struct HandMadeRecord {
    var version = "WARC/1.1"
    var fields: [(String, String)]
    var block: Data
    /// Overrides the computed Content-Length.
    var contentLength: String?
    var terminator = "\r\n\r\n"

    init(_ type: String, id: String = "<urn:uuid:\(UUID().uuidString.lowercased())>",
         uri: String? = "http://site.example/", date: String = "2024-06-01T12:00:00Z",
         contentType: String? = nil, block: Data, extra: [(String, String)] = []) {
        var fields: [(String, String)] = [("WARC-Type", type), ("WARC-Record-ID", id), ("WARC-Date", date)]
        if let uri { fields.append(("WARC-Target-URI", uri)) }
        if let contentType { fields.append(("Content-Type", contentType)) }
        self.fields = fields + extra
        self.block = block
    }

    mutating func remove(_ name: String) {
        fields.removeAll { $0.0 == name }
    }

    func bytes() -> Data {
        var text = "\(version)\r\n"
        for (name, value) in fields { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(contentLength ?? String(block.count))\r\n\r\n"
        var data = Data(text.utf8)
        data.append(block)
        data.append(Data(terminator.utf8))
        return data
    }

    static func warcinfo() -> HandMadeRecord {
        let block = Data("software: hand\r\n".utf8)
        return HandMadeRecord("warcinfo", uri: nil, contentType: "application/warc-fields", block: block,
                              extra: [("WARC-Block-Digest", "sha256:\(sha256Hex(block))")])
    }

    /// A response record for `body`, with correct digests unless told otherwise.
    static func response(body: Data, headers: String = "Content-Type: text/plain\r\n",
                         payloadDigestOver: Data? = nil) -> HandMadeRecord {
        var block = Data("HTTP/1.1 200 OK\r\n\(headers)\r\n".utf8)
        block.append(body)
        return HandMadeRecord("response", contentType: "application/http;msgtype=response", block: block, extra: [
            ("WARC-Block-Digest", "sha256:\(sha256Hex(block))"),
            ("WARC-Payload-Digest", "sha256:\(sha256Hex(payloadDigestOver ?? body))"),
        ])
    }
}

/// Writes records as a plain `.warc`, or as `.warc.gz` with one member per record.
func writeWARC(_ records: [HandMadeRecord], to url: URL, gzip: Bool) throws {
    var data = Data()
    for record in records {
        data.append(gzip ? try gzipMember(record.bytes()) : record.bytes())
    }
    try data.write(to: url)
}

func gzipMember(_ data: Data) throws -> Data {
    let encoder = try GzipMemberEncoder()
    var out = Data()
    try encoder.append(data) { out.append(contentsOf: $0) }
    try encoder.finishMember { out.append(contentsOf: $0) }
    return out
}
