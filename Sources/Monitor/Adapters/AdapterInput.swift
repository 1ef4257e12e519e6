/// A fetched body handed to an adapter. Adapters are pure: they never fetch.
public struct AdapterInput: Sendable {
    /// The URL the body was finally served from (after redirects): relative links resolve against it.
    public var url: String
    public var contentType: String?
    /// The decoded (not content-encoded) body.
    public var body: [UInt8]
    /// 0 for the first page of a check; paging adapters stop when it reaches their depth.
    public var pageIndex: Int

    public init(url: String, contentType: String?, body: [UInt8], pageIndex: Int = 0) {
        self.url = url
        self.contentType = contentType
        self.body = body
        self.pageIndex = pageIndex
    }
}
