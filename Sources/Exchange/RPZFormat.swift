/// A DNS Response Policy Zone (draft-vixie-dnsop-dns-rpz): resolvers answer NXDOMAIN (`CNAME .`) for each
/// blocked domain and, through the wildcard, for every name under it.
///
/// Only domain targets appear. No free text from decisions is written, not even in comments: a court
/// name with a line break would otherwise become records in every provider's resolver.
public struct RPZFormat: BlocklistFormat {
    public let name = "rpz"
    public let mediaType = "text/dns; charset=utf-8"
    public let fileExtension = "rpz"

    /// Short enough that a lifted block stops answering within minutes, long enough not to flood.
    static let ttl = 300

    public init() {}

    public func render(_ list: Blocklist) -> String {
        let domains = list.blockedDomains
        var lines = [
            "; Kaiguul response policy zone: domains blocked by court order",
            "; serial \(list.serial), generated \(list.generatedAtText), \(domains.count) domains",
            "$ORIGIN \(list.zone).",
            "$TTL \(Self.ttl)",
            "@ IN SOA localhost. hostmaster.localhost. (\(list.serial) 3600 600 604800 \(Self.ttl))",
            "@ IN NS localhost.",
        ]
        for domain in domains {
            lines.append("\(domain) CNAME .")
            lines.append("*.\(domain) CNAME .")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
