import Foundation
import KaiguulCore
import Monitor
import Vapor

/// `kaiguul probe --server URL --token T`: runs inside a provider's or a volunteer's network. Downloads
/// the signed block list, checks its signature, measures every target through the network's resolver
/// (OONI-style: DNS, TCP, TLS, HTTP) and uploads the measurements; the server decides each verdict
/// against its own control. One verdict line per target on standard output, messages on standard error.
/// The token may also come from `KAIGUUL_PROBE_TOKEN`, so it need not show in the process list.
struct ProbeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "server", help: "the Kaiguul server's address, e.g. https://kaiguul.example.kg") var server: String?
        @Option(name: "token", help: "the probe's token (kgp_…); default KAIGUUL_PROBE_TOKEN") var token: String?
        @Option(name: "resolver", help: "the resolver to measure through: IPv4[:port] or system (default)") var resolver: String?
        @Option(name: "bind", help: "the local address every measurement socket is bound to") var bind: String?
        @Option(name: "asn", help: "the network's AS number, when the probe was registered without one") var asn: String?
        @Option(name: "network", help: "the network's provider name, with --asn") var network: String?
        @Option(name: "key-fingerprint", help: "sha256:… of the server's audit key: refuse a list signed by any other")
        var keyFingerprint: String?
        @Option(name: "timeout", help: "seconds per step of a measurement (default 5)") var timeout: String?
        @Option(name: "interval", help: "measure again every S seconds (at least 60) instead of once") var interval: String?
        @Flag(name: "once", help: "measure once and exit (the default)") var once: Bool
        @Flag(name: "allow-loopback", help: "test only: lets loopback addresses through the address guard")
        var allowLoopback: Bool
    }

    var help: String { "Measures the block list from inside a provider's network and uploads the results." }

    /// `kaiguul probe …`: the entry point then configures nothing but this command.
    static func isProbe(_ arguments: [String]) -> Bool {
        arguments.dropFirst().first { !$0.hasPrefix("-") } == "probe"
    }

    static func say(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    /// Targets measured at the same time.
    static let parallel = 4

    func run(using context: CommandContext, signature s: Signature) async throws {
        let env = ProcessInfo.processInfo.environment
        guard let server = s.server?.trimmingCharacters(in: .whitespaces), let url = URL(string: server),
              ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw CommandFailure("probe: --server URL is required (http or https)")
        }
        guard let token = (s.token ?? env["KAIGUUL_PROBE_TOKEN"])?.trimmingCharacters(in: .whitespaces),
              token.hasPrefix(ProbeStore.tokenPrefix) else {
            throw CommandFailure("probe: --token kgp_… (or KAIGUUL_PROBE_TOKEN) is required")
        }
        var asn: Int?
        if let text = s.asn {
            var errors: [String: AppError] = [:]
            guard let value = NetworkStore.asn(text, field: "asn", into: &errors) else {
                throw CommandFailure("probe: --asn must be an AS number (AS64500 or 64500)")
            }
            asn = value
        }
        if s.network != nil, asn == nil { throw CommandFailure("probe: --network needs --asn") }
        if let fingerprint = s.keyFingerprint,
           !(fingerprint.hasPrefix("sha256:") && fingerprint.count == 71 && fingerprint.dropFirst(7).allSatisfy(\.isHexDigit)) {
            throw CommandFailure("probe: --key-fingerprint must read sha256: and 64 hex digits")
        }
        let resolver = s.resolver ?? "system"
        if resolver != "system", ClientIP(resolver) == nil {
            throw CommandFailure("probe: --resolver must be an IPv4 address with an optional port, or system")
        }
        if let bind = s.bind, ClientIP(bind) == nil { throw CommandFailure("probe: --bind must be an IP address") }
        let timeout = s.timeout.flatMap(Int.init).map { min(max($0, 1), 60) } ?? 5
        let interval = try s.interval.map { text -> Int in
            guard let n = Int(text), n >= 60 else { throw CommandFailure("probe: --interval must be at least 60 seconds") }
            return n
        }
        if s.once, interval != nil { throw CommandFailure("probe: --once and --interval exclude each other") }

        var configuration = MeasurerConfiguration(timeout: .seconds(timeout), bindAddress: s.bind,
                                                  allowLoopback: s.allowLoopback,
                                                  fetch: (try? FetcherConfiguration.fromEnvironment(env)) ?? FetcherConfiguration())
        configuration.maximumBodyBytes = 65_536
        let measurer = SiteMeasurer(configuration: configuration)
        let client = ProbeClient(server: server, token: token, pinnedFingerprint: s.keyFingerprint,
                                 client: context.application.client)
        while true {
            do {
                try await round(client: client, measurer: measurer, resolver: resolver, asn: asn, network: s.network)
            } catch {
                let text = (error as? ProbeClient.Failure)?.description ?? String(String(describing: error).prefix(500))
                // Running unattended, a refused list or an unreachable server is tried again next round.
                guard let interval else { throw CommandFailure("probe: \(text)") }
                Self.say("probe: \(text); trying again in \(interval) s")
            }
            guard let interval else { return }
            try await Task.sleep(for: .seconds(interval))
        }
    }

    private func round(client: ProbeClient, measurer: SiteMeasurer, resolver: String, asn: Int?, network: String?)
        async throws
    {
        let list = try await client.downloadList()
        Self.say("probe: list serial \(list.serial), \(list.targets.count) targets, signed by \(list.fingerprint)")
        var measurements: [SiteMeasurement] = []
        await withTaskGroup(of: SiteMeasurement.self) { group in
            var pending = list.targets.makeIterator()
            for _ in 0..<Self.parallel {
                guard let next = pending.next() else { break }
                group.addTask { await measurer.measure(target: next.target, orderID: next.orderID, resolver: resolver) }
            }
            for await measured in group {
                measurements.append(measured)
                if let next = pending.next() {
                    group.addTask { await measurer.measure(target: next.target, orderID: next.orderID, resolver: resolver) }
                }
            }
        }
        measurements.sort { ($0.orderID ?? 0) < ($1.orderID ?? 0) }
        guard !measurements.isEmpty else {
            Self.say("probe: the list is empty; nothing to upload")
            return
        }
        let receipts = try await client.upload(measurements, serial: list.serial, asn: asn, networkName: network)
        for receipt in receipts {
            for v in receipt.verdicts {
                print("order \(v.order_id)\t\(v.target)\t\(v.verdict)" + (v.blockpage.map { "\t\($0)" } ?? ""))
            }
        }
        let accepted = receipts.reduce(0) { $0 + $1.accepted }
        let network = receipts.last.flatMap { r in r.asn.map { "AS\($0)" + (r.network_name.map { " \($0)" } ?? "") } } ?? "none"
        Self.say("probe: \(accepted) measurements uploaded, counted for network \(network)")
    }
}
