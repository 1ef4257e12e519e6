import Foundation
import Testing

@testable import App

/// The address a request counts as, from the peer and `X-Forwarded-For` (pure, no server).
@Suite("Client address behind proxies") struct ClientAddressTests {
    struct Case: Sendable, CustomStringConvertible {
        var trustProxy: String?
        var trusted: String?
        var peer: String?
        var forwardedFor: [String]
        var expected: String
        var description: String { "\(peer ?? "nil") \(forwardedFor) → \(expected)" }
    }

    static let cases: [Case] = [
        // No proxy configured: the header is anyone's to write and is ignored.
        Case(trustProxy: nil, trusted: nil, peer: "203.0.113.9", forwardedFor: ["198.51.100.1"], expected: "203.0.113.9"),
        Case(trustProxy: "0", trusted: "0.0.0.0/0", peer: "203.0.113.9", forwardedFor: ["198.51.100.1"],
             expected: "203.0.113.9"),
        // A proxy on the same machine (the default trusted list): the right-most address it appended.
        Case(trustProxy: "1", trusted: nil, peer: "127.0.0.1", forwardedFor: ["198.51.100.1, 203.0.113.5"],
             expected: "203.0.113.5"),
        // Two proxies of ours: skip both, never the left-most value the client wrote.
        Case(trustProxy: "1", trusted: "10.0.0.0/8, 127.0.0.1", peer: "127.0.0.1",
             forwardedFor: ["6.6.6.6, 192.0.2.44, 10.0.0.2, 10.0.0.3"], expected: "192.0.2.44"),
        // A peer that is not one of our proxies is the client, whatever it writes.
        Case(trustProxy: "1", trusted: "10.0.0.0/8", peer: "198.51.100.7", forwardedFor: ["192.0.2.1"],
             expected: "198.51.100.7"),
        // Several header lines are one list, in order.
        Case(trustProxy: "1", trusted: nil, peer: "127.0.0.1", forwardedFor: ["192.0.2.1", "192.0.2.2"],
             expected: "192.0.2.2"),
        // Not an address: whoever handed it to our last proxy is the client.
        Case(trustProxy: "1", trusted: "10.0.0.0/8,127.0.0.1", peer: "127.0.0.1", forwardedFor: ["<script>, 10.0.0.2"],
             expected: "10.0.0.2"),
        Case(trustProxy: "1", trusted: nil, peer: "127.0.0.1", forwardedFor: ["192.0.2.1, not-an-address"],
             expected: "127.0.0.1"),
        Case(trustProxy: "1", trusted: nil, peer: "127.0.0.1", forwardedFor: [], expected: "127.0.0.1"),
        Case(trustProxy: "1", trusted: nil, peer: "127.0.0.1", forwardedFor: [""], expected: "127.0.0.1"),
        // IPv6, written in any case and compression, counts in its canonical form.
        Case(trustProxy: "1", trusted: "2001:db8:1::/48", peer: "2001:db8:1::5", forwardedFor: ["2001:DB8:2:0::0001"],
             expected: "2001:db8:2::1"),
        Case(trustProxy: "1", trusted: "2001:db8:1::/48", peer: "2001:db8:2::5", forwardedFor: ["192.0.2.1"],
             expected: "2001:db8:2::5"),
        // IPv4-mapped IPv6 is the IPv4 address, for the peer and in the header.
        Case(trustProxy: "1", trusted: nil, peer: "::ffff:127.0.0.1", forwardedFor: ["::ffff:198.51.100.3"],
             expected: "198.51.100.3"),
        // Ports some proxies append.
        Case(trustProxy: "1", trusted: nil, peer: "::1", forwardedFor: ["198.51.100.3:5555"], expected: "198.51.100.3"),
        Case(trustProxy: "1", trusted: nil, peer: "::1", forwardedFor: ["[2001:db8::1]:443"], expected: "2001:db8::1"),
        Case(trustProxy: "1", trusted: nil, peer: nil, forwardedFor: ["192.0.2.1"], expected: "unknown"),
    ]

    @Test(arguments: cases)
    func clientAddress(_ c: Case) {
        // setup
        let trust = ProxyTrust.from(trustProxy: c.trustProxy, trustedProxies: c.trusted)
        #expect(trust.rejected.isEmpty)
        // MUT + validate
        #expect(trust.clientAddress(peer: c.peer, forwardedFor: c.forwardedFor) == c.expected)
    }

    @Test(arguments: [
        ("10.0.0.0/8", "10.255.1.2", true), ("10.0.0.0/8", "11.0.0.1", false), ("192.0.2.1", "192.0.2.1", true),
        ("192.0.2.0/25", "192.0.2.128", false), ("0.0.0.0/0", "198.51.100.1", true), ("::/0", "198.51.100.1", false),
        ("2001:db8::/32", "2001:db8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
        ("::ffff:10.0.0.0/104", "10.1.2.3", true), ("10.0.0.0/8", "::ffff:10.1.2.3", true),
    ])
    func rangeContains(range: String, address: String, inside: Bool) throws {
        let r = try #require(AddressRange(range))
        let a = try #require(ClientIP(address))
        #expect(r.contains(a) == inside)
    }

    @Test(arguments: ["10.0.0.0/33", "::/129", "1.2.3", "01.2.3.4", "fe80::1%eth0", "10.0.0.0/-1", "10.0.0.0/",
                      "example.org", "1.2.3.4/8/8", " ", "[::1", "1.2.3.4:99999", String(repeating: "1", count: 200)])
    func refusedRanges(_ text: String) {
        #expect(AddressRange(text) == nil)
        #expect(ProxyTrust.from(trustProxy: "1", trustedProxies: "127.0.0.1,\(text)").rejected.count
                    == (text.trimmingCharacters(in: .whitespaces).isEmpty ? 0 : 1))
    }
}
