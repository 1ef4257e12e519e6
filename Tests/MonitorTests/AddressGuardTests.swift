import Testing

@testable import Monitor

@Suite struct AddressGuardTests {
    let strict = AddressGuard()

    @Test(arguments: [
        "127.0.0.1", "127.0.0.2", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "100.127.255.255", "0.0.0.0", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
        "192.0.2.7", "198.18.0.1", "::", "::1", "fe80::1", "fd00:ec2::254", "fc00::5", "ff02::1", "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2001:db8::1",
        "[::1]",
    ])
    func refused(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(strict.check(address) != .allowed, "\(text)")
    }

    @Test(arguments: [
        "8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "192.169.0.1", "2a00:1450:4001::1",
        "2606:4700::1111", "::ffff:8.8.8.8",
    ])
    func allowed(_ text: String) throws {
        let address = try #require(IPAddress(text))
        #expect(strict.check(address) == .allowed, "\(text)")
    }

    @Test func allowListIsExact() throws {
        let allowed = AddressGuard(allowed: try AddressGuard.parseAllowList("127.0.0.1/32"))
        #expect(allowed.check(IPAddress("127.0.0.1")!) == .allowed)
        #expect(allowed.check(IPAddress("::ffff:127.0.0.1")!) == .allowed)
        #expect(allowed.check(IPAddress("127.0.0.2")!) == .refused(reason: "loopback"))
        #expect(allowed.check(IPAddress("::1")!) == .refused(reason: "loopback"))
        let wide = AddressGuard(allowed: try AddressGuard.parseAllowList(" 10.0.0.0/8 , fd00::/8,192.168.1.5"))
        #expect(wide.check(IPAddress("10.200.1.1")!) == .allowed)
        #expect(wide.check(IPAddress("fd12::1")!) == .allowed)
        #expect(wide.check(IPAddress("192.168.1.5")!) == .allowed)
        #expect(wide.check(IPAddress("192.168.1.6")!) != .allowed)
    }

    @Test func cidrParsing() {
        #expect(CIDR("127.0.0.1/32")?.prefixLength == 32)
        #expect(CIDR("10.0.0.0/8")?.contains(IPAddress("10.255.0.1")!) == true)
        #expect(CIDR("10.0.0.0/8")?.contains(IPAddress("11.0.0.1")!) == false)
        #expect(CIDR("100.64.0.0/10")?.contains(IPAddress("100.127.1.1")!) == true)
        #expect(CIDR("100.64.0.0/10")?.contains(IPAddress("100.128.1.1")!) == false)
        #expect(CIDR("::1")?.prefixLength == 128)
        #expect(CIDR("10.0.0.0/33") == nil)
        #expect(CIDR("10.0.0/8") == nil)
        #expect(CIDR("localhost/8") == nil)
        #expect(CIDR("fe80::1%eth0/64") == nil)
        #expect(throws: FetchFailure.self) { try AddressGuard.parseAllowList("127.0.0.1/32,nonsense") }
    }

    @Test func configurationFromEnvironment() throws {
        let configuration = try FetcherConfiguration.fromEnvironment([
            "KAIGUUL_FETCH_ALLOW": "127.0.0.1/32", "KAIGUUL_FETCH_USER_AGENT": "Agent/2",
            "KAIGUUL_FETCH_PROXY": "socks5://127.0.0.1:1080",
        ])
        #expect(configuration.allowedNetworks == [CIDR("127.0.0.1/32")!])
        #expect(configuration.userAgent == "Agent/2")
        #expect(configuration.proxy == .socks(host: "127.0.0.1", port: 1080))
        #expect(try FetcherConfiguration.fromEnvironment([:]).allowedNetworks.isEmpty)
        #expect(throws: FetchFailure.self) { try FetcherConfiguration.fromEnvironment(["KAIGUUL_FETCH_ALLOW": "x"]) }
        #expect(throws: FetchFailure.self) {
            try FetcherConfiguration.fromEnvironment(["KAIGUUL_FETCH_PROXY": "ftp://127.0.0.1:21"])
        }
    }

    @Test func addressesPrintCanonically() {
        #expect(IPAddress("::ffff:127.0.0.1")?.description == "::ffff:127.0.0.1")
        #expect(IPAddress("[2001:DB8::1]")?.description == "2001:db8::1")
        #expect(IPAddress("010.1.1.1") == nil || IPAddress("010.1.1.1")?.description == "10.1.1.1")
    }
}

@Suite struct HostPolitenessTests {
    @Test func startsAreSpacedAndConcurrencyIsBounded() async {
        let politeness = HostPoliteness(minimumDelay: .milliseconds(100), maximumConcurrent: 2)
        let clock = ContinuousClock()
        let origin = clock.now
        let tracker = ConcurrencyTracker()
        let starts = await withTaskGroup(of: Duration.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    await politeness.run(host: "fictional.test") {
                        let started = clock.now - origin
                        await tracker.enter()
                        try? await Task.sleep(for: .milliseconds(250))
                        await tracker.leave()
                        return started
                    }
                }
            }
            var all: [Duration] = []
            for await start in group { all.append(start) }
            return all.sorted()
        }
        // Start k is reserved no earlier than k delays after the first (sleeps may wake late, never early).
        for (index, start) in starts.enumerated() {
            #expect(start >= .milliseconds(100 * index) - .milliseconds(5), "start \(index)")
        }
        #expect(starts[2] >= .milliseconds(245))
        #expect(await tracker.peak == 2)
        // Another host is not held up by the first.
        let other = clock.now
        await politeness.run(host: "other.test") {}
        // Held up, it would wait a whole delay (100 ms); a loaded machine may take a few tens of ms anyway.
        #expect(clock.now - other < .milliseconds(95))
    }
}

actor ConcurrencyTracker {
    private(set) var current = 0
    private(set) var peak = 0
    func enter() { current += 1; peak = max(peak, current) }
    func leave() { current -= 1 }
}
