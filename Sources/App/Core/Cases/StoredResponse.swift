import Evidence
import Foundation
import Monitor

/// A capture's HTTP response read back from its WARC `response` record: status, headers and the
/// body with its `Content-Encoding` undone, all bounded.
struct StoredResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// The record or the decoded body was longer than the bound, or did not decode whole.
    var cut: Bool

    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Bounds: a record block read from disk, and a body after decoding.
    static let maxBlockBytes = 16 * 1_048_576
    static let maxBodyBytes = 16 * 1_048_576

    static func read(_ capture: Capture, directory: URL, maxBodyBytes: Int = maxBodyBytes) throws -> StoredResponse {
        guard let name = capture.warcFile, let offset = capture.warcOffset,
              let file = WARCFileName.url(name, in: directory)
        else { throw AppError.notFound }
        let (header, block) = try WARCReader.readRecord(file: file, offset: UInt64(offset),
                                                        maxBlockBytes: maxBlockBytes)
        guard header.type == .response else { throw AppError.notFound }
        var response = parse([UInt8](block), maxBodyBytes: maxBodyBytes)
        if let length = header.contentLength, length > UInt64(block.count) { response.cut = true }
        return response
    }

    /// Splits an HTTP response message (as stored: de-chunked, still content-encoded).
    static func parse(_ bytes: [UInt8], maxBodyBytes: Int) -> StoredResponse {
        var end = -1
        if bytes.count >= 4 {
            for index in 0...(bytes.count - 4)
            where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                end = index
                break
            }
        }
        guard end >= 0 else { return StoredResponse(status: 0, headers: [], body: [], cut: true) }
        let head = String(decoding: bytes[0..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.isEmpty ? "" : lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        let status = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
        let headers: [(name: String, value: String)] = lines.prefix(500).compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                    String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        let raw = Array(bytes[(end + 4)...])
        let encoding = headers.first { $0.name.caseInsensitiveCompare("Content-Encoding") == .orderedSame }?.value
        let decoded = StoredBody.decode(raw, contentEncoding: encoding, maximumBytes: maxBodyBytes)
        return StoredResponse(status: status, headers: headers, body: decoded.bytes, cut: decoded.cut)
    }
}
