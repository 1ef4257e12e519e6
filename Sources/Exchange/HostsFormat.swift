/// A hosts file (`0.0.0.0 name`). Hosts files have no wildcards, so besides each blocked domain only its
/// `www` name is listed; providers who need subdomains covered should use the RPZ.
public struct HostsFormat: BlocklistFormat {
    public let name = "hosts"
    public let mediaType = "text/plain; charset=utf-8"
    public let fileExtension = "hosts"

    public init() {}

    public func render(_ list: Blocklist) -> String {
        let domains = list.blockedDomains
        var lines = [
            "# Kaiguul block list: domains blocked by court order",
            "# serial \(list.serial), generated \(list.generatedAtText), \(domains.count) domains",
        ]
        for domain in domains {
            lines.append("0.0.0.0 \(domain)")
            let www = "www." + domain
            if !domain.hasPrefix("www."), www.utf8.count <= DomainName.maxLength {
                lines.append("0.0.0.0 \(www)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
