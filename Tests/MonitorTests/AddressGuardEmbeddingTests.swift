import Testing

@testable import Monitor

/// Every way an IPv6 address can carry an IPv4 address is judged as that IPv4 address: refused when
/// the IPv4 address is, allowed when it is public.
@Suite struct AddressGuardEmbeddingTests {
    let strict = AddressGuard()

    /// The IPv4 targets: four the crawler must never reach, and one it may.
    static let refusedTargets = ["127.0.0.1", "10.1.2.3", "192.168.7.9", "169.254.10.1", "169.254.169.254"]
    static let publicTarget = "8.8.8.8"
    /// A Teredo server that is itself public, so only the client half decides.
    static let teredoServer = "65.54.227.120"

    /// The textual IPv6 forms that embed `v4`.
    static func forms(_ v4: String) -> [(String, String)] {
        let octets = v4.split(separator: ".").compactMap { UInt8($0) }
        func hex(_ a: UInt8, _ b: UInt8) -> String { String(UInt16(a) << 8 | UInt16(b), radix: 16) }
        let high = hex(octets[0], octets[1]), low = hex(octets[2], octets[3])
        let obfuscated = hex(~octets[0], ~octets[1]) + ":" + hex(~octets[2], ~octets[3])
        let server = teredoServer.split(separator: ".").compactMap { UInt8($0) }
        let serverHex = hex(server[0], server[1]) + ":" + hex(server[2], server[3])
        return [
            ("IPv4-translated (RFC 2765)", "::ffff:0:\(v4)"),
            ("IPv4-translated, hex", "::ffff:0:\(high):\(low)"),
            ("IPv4-mapped", "::ffff:\(v4)"),
            ("IPv4-compatible", "::\(v4)"),
            ("NAT64 well-known", "64:ff9b::\(v4)"),
            ("NAT64 local-use", "64:ff9b:1::\(v4)"),
            ("6to4", "2002:\(high):\(low)::1"),
            ("6to4, with subnet and host", "2002:\(high):\(low):5:1234:5678:9abc:def0"),
            ("Teredo client", "2001:0:\(serverHex):8000:f227:\(obfuscated)"),
            ("Teredo server", "2001:0:\(high):\(low):8000:f227:\(hex(~8, ~8)):\(hex(~8, ~8))"),
            ("ISATAP, private", "2a00:1450:1:2:0:5efe:\(v4)"),
            ("ISATAP, global", "2a00:1450:1:2:200:5efe:\(v4)"),
        ]
    }

    static let refusedCases: [(String, String)] = refusedTargets.flatMap { v4 in
        forms(v4).map { ("\($0.0) of \(v4)", $0.1) }
    }

    @Test(arguments: refusedCases)
    func embeddedRefusedAddressIsRefused(_ form: String, _ text: String) throws {
        // setup
        let address = try #require(IPAddress(text), "\(form): \(text)")
        // MUT
        let verdict = strict.check(address)
        // validate
        #expect(verdict != .allowed, "\(form): \(text)")
    }

    @Test(arguments: forms(publicTarget))
    func embeddedPublicAddressPasses(_ form: String, _ text: String) throws {
        let address = try #require(IPAddress(text), "\(form): \(text)")
        #expect(strict.check(address) == .allowed, "\(form): \(text)")
    }

    @Test func reasonNamesTheFormAndTheIPv4Rule() throws {
        #expect(strict.check(try #require(IPAddress("::ffff:0:127.0.0.1")))
            == .refused(reason: "IPv4-translated of loopback"))
        #expect(strict.check(try #require(IPAddress("64:ff9b::a9fe:a9fe")))
            == .refused(reason: "NAT64 of link-local or cloud metadata"))
        #expect(strict.check(try #require(IPAddress("2002:a00:1::1"))) == .refused(reason: "6to4 of private"))
    }

    /// The local-use NAT64 prefix lets the operator place the IPv4 address at bit 48, 56, 64 or 96;
    /// an address that reads as refused in any layout its zero bits allow is refused.
    @Test func localNAT64IsReadInEveryLayout() throws {
        // 127.0.0.1 placed at bit 48 (octets 6-7 and 9-10, octet 8 zero, suffix zero).
        #expect(strict.check(try #require(IPAddress("64:ff9b:1:7f00:0:100::"))) != .allowed)
        // 10.1.2.3 placed at bit 64.
        #expect(strict.check(try #require(IPAddress("64:ff9b:1:0:a:102:300::"))) != .allowed)
    }

    /// An ISATAP interface ID is not a prefix: a public IPv4 address in it does not lift the prefix's own refusal.
    @Test func isatapKeepsThePrefixRules() throws {
        #expect(strict.check(try #require(IPAddress("fe80::5efe:8.8.8.8"))) == .refused(reason: "link-local"))
        #expect(strict.check(try #require(IPAddress("fd00::200:5efe:8.8.8.8"))) != .allowed)
    }

    @Test func allowListCoversTheEmbeddedAddress() throws {
        let guarded = AddressGuard(allowed: try AddressGuard.parseAllowList("127.0.0.1/32"))
        #expect(guarded.check(try #require(IPAddress("::ffff:0:127.0.0.1"))) == .allowed)
        #expect(guarded.check(try #require(IPAddress("64:ff9b::127.0.0.1"))) == .allowed)
        #expect(guarded.check(try #require(IPAddress("64:ff9b::127.0.0.2"))) != .allowed)
        // Teredo names two IPv4 addresses; allowing one leaves the other judged.
        #expect(guarded.check(try #require(IPAddress("2001:0:7f00:1:8000:f227:f5fe:fdfc"))) != .allowed)
    }
}
