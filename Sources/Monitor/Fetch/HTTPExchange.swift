import Foundation

/// One HTTP request and its response: one hop of a fetch. Everything Evidence needs for a WARC
/// `request`/`response` pair, as plain values.
public struct HTTPExchange: Sendable {
    public var url: String
    /// The address connected to (after the address guard); `WARC-IP-Address`. Through a proxy,
    /// the address the proxy was told to connect to (its tunnel is opened to the address, not the name).
    public var remoteAddress: String
    /// The proxy the request went through (`http://host:port`, `socks5://host:port`), if any.
    public var proxy: String?
    /// The request as sent: request line and headers, CRLF-terminated, ending with an empty line.
    /// Reconstructed from what this fetcher set; the HTTP client adds nothing on HTTP/1.1.
    public var requestHead: [UInt8]
    public var requestHeaders: [(name: String, value: String)]
    public var status: Int
    public var reasonPhrase: String
    /// `HTTP/1.1` and the like.
    public var httpVersion: String
    public var responseHeaders: [(name: String, value: String)]
    /// Status line and headers as received, CRLF-terminated, ending with an empty line.
    public var responseHead: [UInt8]
    /// Body bytes as received, still content-encoded, de-chunked. Cut when `truncation` is set.
    public var rawBody: [UInt8]
    /// Body after `Content-Encoding` was undone; equal to `rawBody` when there was none.
    public var body: [UInt8]
    /// Set when the raw body was cut (`WARC-Truncated`).
    public var truncation: TruncationReason?
    /// Set when decoding stopped early; `body` then holds what decoded before.
    public var decodingLimit: DecodingLimit?
    public var timings: FetchTimings

    public func header(_ name: String) -> String? {
        responseHeaders.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var contentType: String? { header("content-type") }
}
