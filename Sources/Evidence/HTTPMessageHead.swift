import Foundation
import KaiguulCore

/// One HTTP header as it was sent or received.
public struct HTTPField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The start line and headers of the request Kaiguul sent.
public struct HTTPRequestHead: Sendable, Hashable {
    public var method: String
    /// The request target as sent, normally origin-form (`/path?query`).
    public var target: String
    public var version: String
    public var headers: [HTTPField]
    /// The request line and headers exactly as sent (CRLF-terminated, ending with an empty line).
    /// When present and well formed it is stored instead of a reconstruction from the fields.
    public var rawHead: Data?

    public init(method: String = "GET", target: String, version: String = "HTTP/1.1", headers: [HTTPField],
                rawHead: Data? = nil) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.rawHead = rawHead
    }

    func serialized() -> Data {
        if let rawHead, let kept = HTTPSerialization.verbatim(rawHead) { return kept }
        var text = "\(HTTPSerialization.token(method)) \(HTTPSerialization.target(target)) "
        text += "\(HTTPSerialization.token(version))\r\n"
        text += HTTPSerialization.fields(headers)
        return Data(text.utf8)
    }
}

/// The status line and headers of the response as received.
public struct HTTPResponseHead: Sendable, Hashable {
    public var version: String
    public var status: Int
    public var reason: String
    public var headers: [HTTPField]
    /// The status line and headers exactly as received (CRLF-terminated, ending with an empty
    /// line). When present and well formed it is stored instead of a reconstruction, with the
    /// one change described at `serialized()`.
    public var rawHead: Data?

    public init(version: String = "HTTP/1.1", status: Int, reason: String, headers: [HTTPField],
                rawHead: Data? = nil) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.rawHead = rawHead
    }

    /// The header name under which a rewritten `Transfer-Encoding` is kept (see `WARCWriter`).
    public static let originalTransferEncodingField = "X-Kaiguul-Original-Transfer-Encoding"

    /// The wire form stored in the response record. A `Transfer-Encoding` header is renamed because
    /// the body we store is already de-chunked: keeping the header would make the stored message
    /// claim a framing its bytes do not have, and readers would mis-parse the payload.
    func serialized() -> Data {
        if let rawHead, let kept = HTTPSerialization.verbatim(rawHead, renamingTransferEncodingTo:
                                                                  Self.originalTransferEncodingField) {
            return kept
        }
        let status = (0...999).contains(status) ? status : 0
        var text = "\(HTTPSerialization.token(version)) \(WARCDate.padded(status, 3))"
        text += " \(WARCFields.sanitize(reason))\r\n"
        let fields = headers.map { field -> HTTPField in
            WARCFields.sameName(field.name, "Transfer-Encoding")
                ? HTTPField(Self.originalTransferEncodingField, field.value) : field
        }
        text += HTTPSerialization.fields(fields)
        return Data(text.utf8)
    }
}

enum HTTPSerialization {
    /// A raw head kept byte for byte, if it is one: at most 1 MiB, ending in CRLF CRLF, with no
    /// earlier blank line. Optionally renames `Transfer-Encoding` header lines (name only, the
    /// value and every other byte untouched). Nil if the bytes are not a well-formed head.
    static func verbatim(_ raw: Data, renamingTransferEncodingTo newName: String? = nil) -> Data? {
        let bytes = [UInt8](raw)
        let terminator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4, bytes.count <= 1 << 20, Array(bytes.suffix(4)) == terminator else { return nil }
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for index in 0..<(bytes.count - 1) where bytes[index] == 13 && bytes[index + 1] == 10 {
            lines.append(bytes[start..<index])
            start = index + 2
        }
        // The last two CRLFs make the final empty line; any other empty line would end the head early.
        guard lines.count >= 2, lines.last?.isEmpty == true,
              lines.dropLast().allSatisfy({ !$0.isEmpty && !$0.contains(10) && !$0.contains(13) })
        else { return nil }
        guard let newName else { return raw }
        var out = Data(capacity: bytes.count + 32)
        for (number, line) in lines.enumerated() {
            if number > 0, let colon = line.firstIndex(of: UInt8(ascii: ":")), isTransferEncoding(line[..<colon]) {
                out.append(Data(newName.utf8))
                out.append(contentsOf: line[colon...])
            } else {
                out.append(contentsOf: line)
            }
            out.append(contentsOf: [13, 10])
        }
        return out
    }

    /// A header name, spaces and tabs around it ignored, that is `Transfer-Encoding` in any case.
    /// Compared as bytes: this runs for every header line of every capture.
    static func isTransferEncoding(_ name: ArraySlice<UInt8>) -> Bool {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = name.firstIndex(where: { !blank($0) }), let last = name.lastIndex(where: { !blank($0) })
        else { return false }
        let trimmed = name[first...last]
        let wanted = "transfer-encoding".utf8
        guard trimmed.count == wanted.count else { return false }
        return zip(trimmed, wanted).allSatisfy { byte, letter in
            (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == letter
        }
    }

    static func fields(_ fields: [HTTPField]) -> String {
        var text = ""
        for field in fields {
            text += "\(token(field.name)): \(WARCFields.sanitize(field.value))\r\n"
        }
        return text + "\r\n"
    }

    /// Tokens (method, version, header names) cannot hold spaces or controls; replace them so the
    /// stored message stays parseable whatever the input.
    static func token(_ text: String) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.value <= 0x20 || $0.value == 0x7f || $0 == ":" ? "_" : $0
        }))
        return cleaned.isEmpty ? "_" : cleaned
    }

    /// A request target with whitespace, controls and non-ASCII bytes percent-encoded: HTTP/1.1
    /// request lines are ASCII, and a space would end the target.
    static func target(_ text: String) -> String {
        let out = percentEncodeUnsafe(text)
        return out.isEmpty ? "/" : out
    }

    /// A URI as WARC 1.1 wants `WARC-Target-URI`: "properly escaped according to RFC 3986 and
    /// written with no internal whitespace". An internationalised host becomes punycode (what
    /// was actually resolved and asked for); everything else unsafe is percent-encoded as UTF-8.
    static func uri(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return percentEncodeUnsafe(text) }
        let afterScheme = text[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        var authority = String(afterScheme[..<authorityEnd])
        if authority.utf8.contains(where: { $0 >= 0x80 }) {
            var userInfo = ""
            if let at = authority.lastIndex(of: "@") {
                userInfo = String(authority[...at])
                authority = String(authority[authority.index(after: at)...])
            }
            var port = ""
            if let colon = authority.lastIndex(of: ":"), !authority.hasPrefix("[") {
                port = String(authority[colon...])
                authority = String(authority[..<colon])
            }
            authority = userInfo + IDNHost.asciiHost(authority.lowercased()) + port
        }
        return percentEncodeUnsafe(String(text[..<schemeEnd.upperBound]) + authority
            + String(afterScheme[authorityEnd...]))
    }

    private static func percentEncodeUnsafe(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7f }) else { return text }
        var out = ""
        for byte in text.utf8 {
            if byte <= 0x20 || byte >= 0x7f {
                out += String(format: "%%%02X", byte)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }
}
