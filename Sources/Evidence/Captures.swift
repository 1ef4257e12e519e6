import Foundation

/// One HTTP fetch to be written as `request`, `response` and `metadata` records.
public struct HTTPCapture: Sendable {
    /// The URI fetched (after redirects this is the hop's own URI: one capture per hop).
    public var targetURI: String
    /// When capture began; all three records carry this same `WARC-Date`, as WARC 1.1 asks.
    public var date: Date
    /// The address connected to, as the resolver returned it.
    public var ipAddress: String?
    public var request: HTTPRequestHead
    public var requestBody: Data
    public var response: HTTPResponseHead
    /// The entity body as received: transfer coding removed, content coding (gzip, br) kept.
    public var responseBody: WARCPayload
    /// Set when a limit cut the body short.
    public var truncated: WARCTruncation?
    /// What was being watched (e.g. `source:42 telegram t.me/s/example`): goes to the metadata record.
    public var source: String
    /// Overrides the writer's collector for this capture (e.g. a worker id).
    public var collector: String?
    /// More `application/warc-fields` lines for the metadata record (e.g. `fetchTimeMs`, `via`).
    public var extraMetadata: [WARCField]

    public init(
        targetURI: String, date: Date, ipAddress: String?,
        request: HTTPRequestHead, requestBody: Data = Data(),
        response: HTTPResponseHead, responseBody: WARCPayload,
        truncated: WARCTruncation? = nil, source: String, collector: String? = nil,
        extraMetadata: [WARCField] = []
    ) {
        self.targetURI = targetURI
        self.date = date
        self.ipAddress = ipAddress
        self.request = request
        self.requestBody = requestBody
        self.response = response
        self.responseBody = responseBody
        self.truncated = truncated
        self.source = source
        self.collector = collector
        self.extraMetadata = extraMetadata
    }
}

/// A resource stored without its protocol exchange, e.g. a media file already in the blob store.
public struct ResourceCapture: Sendable {
    public var targetURI: String
    public var date: Date
    /// The media type of the resource itself (`image/jpeg`).
    public var contentType: String
    public var body: WARCPayload
    public var ipAddress: String?
    public var truncated: WARCTruncation?
    /// Record ids of the capture this resource belongs with (e.g. the page's response record).
    public var concurrentTo: [String]
    public var source: String
    public var collector: String?
    public var extraMetadata: [WARCField]

    public init(
        targetURI: String, date: Date, contentType: String, body: WARCPayload,
        ipAddress: String? = nil, truncated: WARCTruncation? = nil, concurrentTo: [String] = [],
        source: String, collector: String? = nil, extraMetadata: [WARCField] = []
    ) {
        self.targetURI = targetURI
        self.date = date
        self.contentType = contentType
        self.body = body
        self.ipAddress = ipAddress
        self.truncated = truncated
        self.concurrentTo = concurrentTo
        self.source = source
        self.collector = collector
        self.extraMetadata = extraMetadata
    }
}
