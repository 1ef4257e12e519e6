import Foundation
import Testing
@testable import Exchange

/// A port in a block target is named, never dropped: a site on a port of its own is a domain target
/// that keeps the port (the DNS lists block its host on every port, since DNS cannot name a port); a
/// page on a port is a URL target whose address keeps it. (Issue 13, point 9.)
@Suite("Block target ports") struct BlockTargetPortTests {
    @Test func aSiteOnAPortKeepsThePort() throws {
        // (input, port, canonical)
        for (input, port, canonical) in [
            ("https://host.example:8443/", 8443, "host.example:8443"),
            ("https://host.example:8443", 8443, "host.example:8443"),
            ("http://Host.Example:8080/#top", 8080, "host.example:8080"),
            ("host.example:8443", 8443, "host.example:8443"),
            ("http://host.example:443/", 443, "host.example:443"),
            ("host.example:443", 443, "host.example:443"),
        ] {
            // MUT
            let target = try BlockTarget.parse(input)
            // validate: the port is named, the DNS lists get the host, and the canonical form reads back
            #expect(target == .domain("host.example", port: port), "\(input)")
            #expect(target.canonical == canonical, "\(input)")
            #expect(target.port == port && target.blockableDomain == "host.example", "\(input)")
            #expect(try BlockTarget.parse(target.canonical) == target, "\(input)")
        }
        // the scheme's own port is no port of its own
        #expect(try BlockTarget.parse("https://host.example:443/") == .domain("host.example"))
        #expect(try BlockTarget.parse("http://host.example:80/").canonical == "host.example")
    }

    @Test func aPageOnAPortKeepsThePortInItsAddress() throws {
        let target = try BlockTarget.parse("https://host.example:8443/path?id=5")
        #expect(target == .url("https://host.example:8443/path?id=5"))
        #expect(target.blockableDomain == nil && target.port == nil)
        #expect(try BlockTarget.parse(target.canonical) == target)
    }

    @Test func theListsNameThePortWhereTheyCanAndBlockTheHostInDNS() throws {
        // setup
        let entries = try ["https://host.example:8443/", "https://host.example:8443/path"].enumerated().map {
            BlocklistEntry(orderID: String($0.offset + 1), target: try BlockTarget.parse($0.element),
                           decisionNumber: "2-8443/2025", court: "Demo court", decisionDate: "2025-03-14")
        }
        let list = try Blocklist(entries: entries, serial: 7, zone: "rpz.kaiguul",
                                 generatedAt: Date(timeIntervalSince1970: 1_746_000_000))

        // MUT
        let rpz = RPZFormat().render(list)
        let hosts = HostsFormat().render(list)
        let csv = CSVFormat().render(list)
        let json = JSONFormat().render(list)

        // validate: DNS lists block the host, without a port; CSV and JSON name it
        #expect(rpz.contains("\nhost.example CNAME .\n") && rpz.contains("\n*.host.example CNAME .\n"))
        #expect(!rpz.contains("8443") && !hosts.contains("8443"))
        #expect(hosts.contains("0.0.0.0 host.example\n"))
        #expect(csv.contains("1,domain,host.example:8443,"))
        #expect(csv.contains("2,url,https://host.example:8443/path,"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let rows = try #require(document["entries"] as? [[String: Any]])
        let site = try #require(rows.first { $0["order_id"] as? String == "1" })
        #expect(site["target"] as? String == "host.example:8443")
        #expect(site["domain"] as? String == "host.example")
        #expect(site["port"] as? Int == 8443)
        let page = try #require(rows.first { $0["order_id"] as? String == "2" })
        #expect(page["target"] as? String == "https://host.example:8443/path")
        #expect(page["port"] == nil)
    }
}
