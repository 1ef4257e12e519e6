import Foundation
import KaiguulCore
import Testing

/// The verdict table: one row per rule, each with a measurement that the rule alone decides.
@Suite("Block verdicts against a control") struct VerdictRulesTests {
    static let site = "https://blocked-site.example/"

    /// What an uncensored vantage sees of a working site: one address, connects on 443 and 80, a
    /// certificate for the name, a 200 page with its title.
    static func working(resolver: String = "system", addresses: [String] = ["198.51.100.7"],
                        title: String = "Ala-Too Fictional News", bodyLength: Int = 10_000) -> SiteMeasurement {
        SiteMeasurement(
            orderID: 1, target: "blocked-site.example", url: site, measuredAt: Date(timeIntervalSince1970: 1_800_000_000),
            dns: .init(resolver: resolver, addresses: addresses, rcode: "NOERROR"),
            tcp: addresses.flatMap { [.init(address: $0, port: 443, connected: true), .init(address: $0, port: 80, connected: true)] },
            tls: .init(serverName: "blocked-site.example", address: addresses.first ?? "", handshake: true,
                       certificateNames: ["blocked-site.example", "www.blocked-site.example"]),
            http: .init(url: site, status: 200, bodyLength: bodyLength, title: title, headers: ["server": "nginx"]))
    }

    static func judge(_ probe: SiteMeasurement, control: SiteMeasurement = working(), evidenceTitle: String? = nil,
                      sameNetwork: (String, String) -> Bool = { _, _ in false }) -> VerdictRules.Outcome {
        VerdictRules.verdict(probe: probe, control: control, evidenceTitle: evidenceTitle, sameNetwork: sameNetwork)
    }

    @Test func theSameViewIsAccessible() {
        let outcome = Self.judge(Self.working(resolver: "10.1.1.1"))
        #expect(outcome.verdict == .accessible)
        #expect(outcome.blockpage == nil)
    }

    @Test func nxdomainOrAnEmptyAnswerIsBlockedDNS() {
        var probe = Self.working(resolver: "10.1.1.1")
        probe.dns = .init(resolver: "10.1.1.1", rcode: "NXDOMAIN")
        probe.tcp = []; probe.tls = nil; probe.http = nil
        let outcome = Self.judge(probe)
        #expect(outcome.verdict == .blockedDNS)
        #expect(outcome.reasons.joined().contains("NXDOMAIN"))
        probe.dns = .init(resolver: "10.1.1.1", rcode: "NOERROR")
        #expect(Self.judge(probe).verdict == .blockedDNS)
    }

    @Test func anotherAddressServingAnotherPageIsBlockedDNS() {
        var probe = Self.working(resolver: "10.1.1.1", addresses: ["10.20.30.40"], title: "Stop", bodyLength: 300)
        probe.tls = .init(serverName: "blocked-site.example", address: "10.20.30.40", handshake: false,
                          failure: "connection_refused")
        probe.http?.status = 403
        let outcome = Self.judge(probe)
        #expect(outcome.verdict == .blockedDNS)
        #expect(outcome.reasons.joined().contains("inconsistent"))
    }

    @Test func anAddressInTheControlsNetworkIsConsistent() {
        var probe = Self.working(resolver: "10.1.1.1", addresses: ["198.51.100.99"])
        probe.tls = nil  // no certificate evidence: only the network can say consistent
        probe.http?.status = 403
        probe.http?.title = "Forbidden"
        probe.http?.bodyLength = 100
        // Same AS: the DNS answer is consistent, so the difference is an HTTP-level one.
        let sameAS = Self.judge(probe, sameNetwork: { a, b in a.hasPrefix("198.51.100.") && b.hasPrefix("198.51.100.") })
        #expect(sameAS.verdict == .blockedHTTP)
        #expect(Self.judge(probe).verdict == .blockedDNS)
        // A CDN's other address serving the same page is not a block.
        var cdn = Self.working(resolver: "10.1.1.1", addresses: ["203.0.113.50"])
        cdn.tls?.certificateNames = []
        #expect(Self.judge(cdn).verdict == .accessible)
    }

    @Test func everyConnectFailingWhereTheControlConnectsIsBlockedTCP() {
        var probe = Self.working(resolver: "10.1.1.1")
        probe.tcp = [.init(address: "198.51.100.7", port: 443, connected: false, failure: "connection_refused"),
                     .init(address: "198.51.100.7", port: 80, connected: true)]
        probe.tls = nil
        probe.http = .init(url: Self.site, failure: "connection failed")
        let outcome = Self.judge(probe)
        #expect(outcome.verdict == .blockedTCP)
        #expect(outcome.reasons.joined().contains("connection_refused"))
        // When the control cannot connect either, the port says nothing.
        var control = Self.working()
        control.tcp[0].connected = false
        #expect(Self.judge(probe, control: control).verdict != .blockedTCP)
    }

    @Test func aFailedHandshakeOrForeignCertificateIsBlockedTLS() {
        var probe = Self.working(resolver: "10.1.1.1")
        probe.tls = .init(serverName: "blocked-site.example", address: "198.51.100.7", handshake: false,
                          failure: "connection_reset")
        probe.http = .init(url: Self.site, failure: "connection reset")
        let reset = Self.judge(probe)
        #expect(reset.verdict == .blockedTLS)
        #expect(reset.reasons.joined().contains("handshake") && reset.reasons.joined().contains("connection_reset"))
        probe.tls = .init(serverName: "blocked-site.example", address: "198.51.100.7", handshake: true,
                          certificateNames: ["filter.provider.example"])
        let foreign = Self.judge(probe)
        #expect(foreign.verdict == .blockedTLS)
        #expect(foreign.reasons.joined().contains("filter.provider.example"))
    }

    @Test func noResponseOrAnotherPageIsBlockedHTTP() {
        var probe = Self.working(resolver: "10.1.1.1")
        probe.http = .init(url: Self.site, failure: "read timeout")
        #expect(Self.judge(probe).verdict == .blockedHTTP)
        probe.http = .init(url: Self.site, status: 200, bodyLength: 1_000, title: "Something else")
        let short = Self.judge(probe)
        #expect(short.verdict == .blockedHTTP)
        #expect(short.reasons.joined().contains("0.10"))
        // 80 % of the control's length with the same status: the same page.
        probe.http?.bodyLength = 8_000
        #expect(Self.judge(probe).verdict == .accessible)
        // 60 %: not the same page any more.
        probe.http?.bodyLength = 6_000
        #expect(Self.judge(probe).verdict == .blockedHTTP)
    }

    @Test func theEvidencesTitleMeansTheSiteIsSeen() {
        var probe = Self.working(resolver: "10.1.1.1", title: "Ala-Too  fictional NEWS", bodyLength: 2_000)
        probe.http?.title = "Fictional Slogan Board"
        #expect(Self.judge(probe).verdict == .blockedHTTP)
        #expect(Self.judge(probe, evidenceTitle: "fictional   slogan board").verdict == .accessible)
        // The control's own title, written differently, also matches.
        probe.http?.title = "ala-too fictional news"
        #expect(Self.judge(probe).verdict == .accessible)
    }

    @Test func theKyrgyzBlockpagesAreRecognised() {
        var probe = Self.working(resolver: "10.1.1.1")
        probe.http = .init(url: Self.site, status: 200, bodyLength: 400, title: "Blocked",
                           bodyExcerpt: "<html><body><p class=\"error\">Access to the requested website has been blocked by judicial decision!</p></body></html>")
        let body = Self.judge(probe)
        #expect(body.verdict == .blockedHTTP)
        #expect(body.blockpage == "cp.c_isp_kg_elcat")
        // The provider's redirect to its blockpage, reached through another address: a DNS-level block.
        var redirected = Self.working(resolver: "10.1.1.1", addresses: ["10.9.9.9"])
        redirected.tls = .init(serverName: "blocked-site.example", address: "10.9.9.9", handshake: false,
                               failure: "connection_refused")
        redirected.http = .init(url: "http://homeline.kg/access/blockpage.html", status: 200, bodyLength: 10_000,
                                title: "Ala-Too Fictional News",
                                headers: ["location": "http://homeline.kg/access/blockpage.html"])
        let header = Self.judge(redirected)
        #expect(header.verdict == .blockedDNS)
        #expect(header.blockpage == "ooni.kg_0")
        // The control's own network showing the blockpage too: the control is not uncensored.
        var censoredControl = Self.working()
        censoredControl.http = probe.http
        #expect(Self.judge(probe, control: censoredControl).verdict == .inconclusive)
        #expect(Self.judge(probe, control: censoredControl).blockpage == nil)
        // A prefix is not the full Location the fingerprint names.
        redirected.http?.headers["location"] = "http://homeline.kg/access/blockpage.html?x"
        #expect(Self.judge(redirected).blockpage == nil)
    }

    @Test func aFailingControlIsDownEverywhere() {
        var control = Self.working()
        control.http = .init(url: Self.site, failure: "connection refused")
        control.tcp = control.tcp.map { var c = $0; c.connected = false; c.failure = "connection_refused"; return c }
        var probe = control
        probe.dns.resolver = "10.1.1.1"
        #expect(Self.judge(probe, control: control).verdict == .downEverywhere)
        // NXDOMAIN at the control too: the name is gone, not blocked.
        var gone = Self.working()
        gone.dns = .init(resolver: "system", rcode: "NXDOMAIN"); gone.tcp = []; gone.tls = nil; gone.http = nil
        var blocked = gone
        blocked.dns.resolver = "10.1.1.1"
        #expect(Self.judge(blocked, control: gone).verdict == .downEverywhere)
        // A 5xx at the origin is offline too.
        control.http = .init(url: Self.site, status: 503, bodyLength: 10)
        #expect(Self.judge(probe, control: control).verdict == .downEverywhere)
        #expect(VerdictRules.controlVerdict(control).verdict == .downEverywhere)
        #expect(VerdictRules.controlVerdict(Self.working()).verdict == .accessible)
    }

    @Test func silenceIsInconclusive() {
        var probe = Self.working(resolver: "10.1.1.1")
        probe.dns = .init(resolver: "10.1.1.1", failure: "generic_timeout_error")
        probe.tcp = []; probe.tls = nil; probe.http = nil
        #expect(Self.judge(probe).verdict == .inconclusive)
        var control = Self.working()
        control.dns = .init(resolver: "system", failure: "generic_timeout_error")
        #expect(Self.judge(Self.working(resolver: "10.1.1.1"), control: control).verdict == .inconclusive)
        #expect(VerdictRules.controlVerdict(control).verdict == .inconclusive)
    }

    @Test func certificateNamesCoverOneLabelUnderAWildcard() {
        #expect(VerdictRules.namesCover(["*.example.kg"], host: "www.example.kg"))
        #expect(!VerdictRules.namesCover(["*.example.kg"], host: "a.b.example.kg"))
        #expect(!VerdictRules.namesCover(["*.example.kg"], host: "example.kg"))
        #expect(VerdictRules.namesCover(["Example.KG"], host: "example.kg"))
    }

    @Test func onlyBlockedVerdictsCountAsEnforced() {
        #expect(BlockVerdict.allCases.filter(\.isEnforced) == [.blockedDNS, .blockedTCP, .blockedTLS, .blockedHTTP])
    }
}
