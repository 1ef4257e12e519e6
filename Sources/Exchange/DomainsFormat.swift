/// Blocked domains, one per line, nothing else: for tools that read a plain list.
public struct DomainsFormat: BlocklistFormat {
    public let name = "domains"
    public let mediaType = "text/plain; charset=utf-8"
    public let fileExtension = "txt"

    public init() {}

    public func render(_ list: Blocklist) -> String {
        list.blockedDomains.map { $0 + "\n" }.joined()
    }
}
