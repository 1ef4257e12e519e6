import Foundation

/// Decides what a vantage's measurement says about a block, against an uncensored control, in the
/// order OONI's `web_connectivity` reads its observations: a recognised blockpage, the control's own
/// state, DNS consistency, TCP, TLS, then the HTTP response (status, body length, title). Pure: the
/// networks table reaches it only as `sameNetwork`.
public enum VerdictRules {
    /// Below this ratio of the shorter body to the longer one, two pages are not the same page.
    public static let bodyProportion = 0.7

    public typealias Outcome = (verdict: BlockVerdict, blockpage: String?, reasons: [String])

    /// - Parameters:
    ///   - evidenceTitle: the title of the page as captured for the case; a vantage showing it sees the site.
    ///   - sameNetwork: whether two addresses belong to the same autonomous system (or the same provider's
    ///     network); a CDN answers each resolver with its nearest address, which is not a block.
    public static func verdict(probe: SiteMeasurement, control: SiteMeasurement, evidenceTitle: String?,
                               sameNetwork: (String, String) -> Bool,
                               fingerprints: [BlockpageFingerprint] = BlockpageFingerprint.known) -> Outcome
    {
        let consistent = dnsConsistent(probe: probe, control: control, sameNetwork: sameNetwork)

        // A blockpage is positive evidence of enforcement, whatever the origin's state.
        if let page = BlockpageFingerprint.recognise(probe, in: fingerprints) {
            if BlockpageFingerprint.recognise(control, in: fingerprints) != nil {
                return (.inconclusive, nil, ["control: the control sees the blockpage \(page.id) too"])
            }
            let dnsLevel = page.location == .dns || !consistent.value
            return (dnsLevel ? .blockedDNS : .blockedHTTP, page.id,
                    ["blockpage: \(page.id)"] + (dnsLevel ? [consistent.reason] : []))
        }

        // The control decides whether there is anything to block.
        if control.dns.addresses.isEmpty, let failure = control.dns.failure {
            return (.inconclusive, nil, ["control: resolver gave no reply (\(failure))"])
        }
        guard let controlHTTP = control.http, let controlStatus = controlHTTP.status, controlStatus < 500 else {
            let why = control.http?.status.map { "HTTP \($0)" } ?? control.http?.failure
                ?? (control.dns.addresses.isEmpty ? "no addresses (\(control.dns.rcode ?? "no answer"))" : "no response")
            if let http = probe.http, let status = http.status, status < 500 {
                if let title = http.title, let evidenceTitle, sameTitle(title, evidenceTitle) {
                    return (.accessible, nil, ["control: \(why)", "http: the evidence's title at the vantage"])
                }
                return (.inconclusive, nil, ["control: \(why)", "http: the vantage got HTTP \(status)"])
            }
            return (.downEverywhere, nil, ["control: \(why)"])
        }

        // DNS.
        if probe.dns.addresses.isEmpty {
            if let failure = probe.dns.failure {
                return (.inconclusive, nil, ["dns: resolver \(probe.dns.resolver) gave no reply (\(failure))"])
            }
            return (.blockedDNS, nil, [
                "dns: \(probe.dns.rcode ?? "no answer") without addresses; control \(list(control.dns.addresses))",
            ])
        }
        if !consistent.value {
            if let same = samePage(probe.http, controlHTTP, evidenceTitle: evidenceTitle) {
                return (.accessible, nil, [consistent.reason, same])
            }
            return (.blockedDNS, nil, [consistent.reason])
        }

        // TCP: every connect on a port where the control connected fails.
        for port in Set(control.tcp.filter(\.connected).map(\.port)).sorted() {
            let tried = probe.tcp.filter { $0.port == port }
            if !tried.isEmpty, !tried.contains(where: \.connected) {
                let failures = Set(tried.compactMap(\.failure)).sorted().joined(separator: ", ")
                return (.blockedTCP, nil, ["tcp: port \(port) failed at every address (\(failures)); the control connected"])
            }
        }

        // TLS: the handshake fails, or answers for other names, where the control's holds.
        if let controlTLS = control.tls, controlTLS.handshake, let probeTLS = probe.tls {
            if !probeTLS.handshake {
                return (.blockedTLS, nil, ["tls: handshake with \(probeTLS.serverName) failed (\(probeTLS.failure ?? "no reason")); the control's succeeded"])
            }
            let host = probeTLS.serverName
            if !namesCover(probeTLS.certificateNames, host: host), namesCover(controlTLS.certificateNames, host: host) {
                return (.blockedTLS, nil, ["tls: the certificate names \(list(probeTLS.certificateNames)) do not cover \(host)"])
            }
        }

        // HTTP.
        guard let probeHTTP = probe.http, let probeStatus = probeHTTP.status else {
            return (.blockedHTTP, nil, ["http: \(probe.http?.failure ?? "no response"); control HTTP \(controlStatus)"])
        }
        if let same = samePage(probeHTTP, controlHTTP, evidenceTitle: evidenceTitle) {
            return (.accessible, nil, [same])
        }
        var differences = ["http: HTTP \(probeStatus) vs control \(controlStatus)"]
        if let ratio = proportion(probeHTTP.bodyLength, controlHTTP.bodyLength) {
            differences.append(String(format: "body length ratio %.2f", ratio))
        }
        differences.append("title \(quoted(probeHTTP.title)) vs \(quoted(controlHTTP.title))")
        return (.blockedHTTP, nil, [differences.joined(separator: ", ")])
    }

    /// What the control alone says: the site answers (`accessible`), is offline at its origin
    /// (`down-everywhere`), or the control's resolver did not reply (`inconclusive`).
    public static func controlVerdict(_ control: SiteMeasurement) -> Outcome {
        if control.dns.addresses.isEmpty, let failure = control.dns.failure {
            return (.inconclusive, nil, ["control: resolver gave no reply (\(failure))"])
        }
        if let status = control.http?.status, status < 500 {
            return (.accessible, nil, ["control: HTTP \(status)"])
        }
        let why = control.http?.status.map { "HTTP \($0)" } ?? control.http?.failure
            ?? (control.dns.addresses.isEmpty ? "no addresses (\(control.dns.rcode ?? "no answer"))" : "no response")
        return (.downEverywhere, nil, ["control: \(why)"])
    }

    /// OONI's consistency: an address in common, one in the same network, or a certificate valid for
    /// the name on the address the vantage was given.
    static func dnsConsistent(probe: SiteMeasurement, control: SiteMeasurement,
                              sameNetwork: (String, String) -> Bool) -> (value: Bool, reason: String)
    {
        let mine = Set(probe.dns.addresses), theirs = Set(control.dns.addresses)
        if !mine.isDisjoint(with: theirs) { return (true, "dns: an address in common with the control") }
        for a in mine.sorted() { for b in theirs.sorted() where sameNetwork(a, b) {
            return (true, "dns: \(a) in the same network as the control's \(b)")
        } }
        if let tls = probe.tls, tls.handshake, namesCover(tls.certificateNames, host: tls.serverName) {
            return (true, "dns: the address holds a certificate for \(tls.serverName)")
        }
        return (false, "dns: \(list(probe.dns.addresses)) inconsistent with the control's \(list(control.dns.addresses))")
    }

    /// Why the two responses are the same page, or nil: same status, and a body of comparable length
    /// or the same title (as the control's, or as the captured evidence's).
    static func samePage(_ probe: SiteMeasurement.HTTP?, _ control: SiteMeasurement.HTTP, evidenceTitle: String?)
        -> String?
    {
        guard let probe, let status = probe.status else { return nil }
        if let title = probe.title, let evidenceTitle, sameTitle(title, evidenceTitle) {
            return "http: HTTP \(status) with the evidence's title"
        }
        guard status == control.status else { return nil }
        if let title = probe.title, let other = control.title, sameTitle(title, other) {
            return "http: HTTP \(status) with the control's title"
        }
        if let ratio = proportion(probe.bodyLength, control.bodyLength), ratio >= bodyProportion {
            return String(format: "http: HTTP %d, body length ratio %.2f", status, ratio)
        }
        return nil
    }

    static func proportion(_ a: Int?, _ b: Int?) -> Double? {
        guard let a, let b else { return nil }
        if a == 0 && b == 0 { return 1 }
        return Double(min(a, b)) / Double(max(a, b))
    }

    /// Titles compared as people read them: case and runs of white space do not count.
    public static func sameTitle(_ a: String, _ b: String) -> Bool {
        let x = normalisedTitle(a), y = normalisedTitle(b)
        return !x.isEmpty && x == y
    }

    static func normalisedTitle(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Whether a certificate's DNS names cover the host (`*.example.kg` covers one label under it).
    public static func namesCover(_ names: [String], host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return names.contains { raw in
            let name = raw.lowercased()
            if name == host { return true }
            guard name.hasPrefix("*."), let dot = host.firstIndex(of: ".") else { return false }
            return host[host.index(after: dot)...] == name.dropFirst(2)
        }
    }

    private static func list(_ addresses: [String]) -> String {
        addresses.isEmpty ? "none" : addresses.prefix(8).joined(separator: " ")
    }

    private static func quoted(_ text: String?) -> String {
        text.map { "'\($0.prefix(80))'" } ?? "none"
    }
}
