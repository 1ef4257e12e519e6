import Foundation

/// Builds CDXJ index lines (`<SURT> <timestamp14> <JSON>`) for the records of a WARC file, in the
/// layout `cdxj-indexer` writes: JSON keys url, mime, status, digest, length, offset, filename,
/// values as strings, absent fields left out. Indexed like `cdxj-indexer`'s default: response,
/// revisit, resource and metadata records, except `application/warc-fields` ones.
public enum CDXJIndexer {
    /// Index lines for one file, unsorted, in file order. `filename` is what the lines name (for a
    /// WACZ, the name inside `archive/`).
    public static func lines(for file: URL, filename: String, maxHTTPHeadBytes: Int = 64 << 10) throws -> [String] {
        let reader = try WARCReader(url: file)
        var lines: [String] = []
        while let header = try reader.next() {
            guard let type = header.typeName, ["response", "revisit", "resource", "metadata"].contains(type) else {
                continue
            }
            let contentType = header.contentType ?? ""
            if (type == "resource" || type == "metadata") && mediaType(contentType) == "application/warc-fields" {
                continue
            }
            var mime: String?
            var status: String?
            if type == "response" || type == "revisit" {
                let http = try readHTTPHead(reader, limit: maxHTTPHeadBytes)
                status = http.status
                mime = type == "revisit" ? "warc/revisit" : http.contentType.map(mediaType)
            } else {
                mime = contentType.isEmpty ? nil : mediaType(contentType)
            }
            let end = try reader.finishRecord()
            guard !end.sharesGzipMember else {
                throw EvidenceError.malformedWARC(
                    file: filename, offset: end.location.offset,
                    reason: "records share a gzip member; they cannot be located individually")
            }
            guard let uri = header.targetURI, let dateText = header.date, let date = WARCDate.parse(dateText) else {
                continue
            }
            var fields: [(String, String)] = [("url", uri)]
            if let mime, !mime.isEmpty { fields.append(("mime", mime)) }
            if let status { fields.append(("status", status)) }
            if let digest = header.fields["WARC-Payload-Digest"] { fields.append(("digest", digest)) }
            fields.append(("length", String(end.location.length)))
            fields.append(("offset", String(end.location.offset)))
            fields.append(("filename", filename))
            lines.append("\(SURT.key(for: uri)) \(WARCDate.timestamp14(date)) \(PythonStyleJSON.object(fields))")
        }
        return lines
    }

    /// `text/html; charset=utf-8` → `text/html`, as `cdxj-indexer` cuts it (at `;` or whitespace).
    static func mediaType(_ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let end = trimmed.firstIndex { $0 == ";" || $0.isWhitespace } ?? trimmed.endIndex
        return String(trimmed[..<end])
    }

    private static func readHTTPHead(
        _ reader: WARCReader, limit: Int
    ) throws -> (status: String?, contentType: String?) {
        var head = Data()
        while head.count < limit, let chunk = try reader.readBlock(maxLength: 4096) {
            head.append(chunk)
            if head.range(of: Data("\r\n\r\n".utf8)) != nil || head.range(of: Data("\n\n".utf8)) != nil { break }
        }
        let text = String(decoding: head, as: UTF8.self)
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).makeIterator()
        guard let statusLine = lines.next() else { return (nil, nil) }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        let status = parts.count >= 2 && parts[1].count == 3 && parts[1].allSatisfy(\.isNumber) ? String(parts[1]) : nil
        var contentType: String?
        while let line = lines.next(), !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if WARCFields.sameName(line[..<colon].trimmingCharacters(in: .whitespaces), "Content-Type") {
                contentType = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return (status, contentType)
    }
}

/// JSON written the way Python's `json.dumps` writes it (`", "` and `": "` separators, non-ASCII
/// as `\u` escapes), so our index lines are byte-identical to `cdxj-indexer`'s.
enum PythonStyleJSON {
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(string($0.0)): \(string($0.1))" }.joined(separator: ", ") + "}"
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5c: out += "\\\\"
            case 0x0a: out += "\\n"
            case 0x0d: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0c: out += "\\f"
            case 0x20...0x7e: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default: out += String(format: "\\u%04x", unit)
            }
        }
        return out + "\""
    }
}
