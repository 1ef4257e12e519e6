/// What one vantage point's view of a blocked target says, compared with an uncensored control
/// (the names follow OONI's `web_connectivity` verdicts). Only the `blocked…` verdicts count as a
/// block that holds; `downEverywhere` is not enforcement: the control fails too.
public enum BlockVerdict: String, CaseIterable, Codable, Sendable, Hashable {
    /// The vantage's resolver answers NXDOMAIN, nothing, or addresses inconsistent with the control's.
    case blockedDNS = "blocked-dns"
    /// The addresses agree with the control's, but TCP connects fail (reset, refused, timeout) where the control's succeed.
    case blockedTCP = "blocked-tcp"
    /// TCP connects, the TLS handshake with the target's SNI fails where the control's succeeds.
    case blockedTLS = "blocked-tls"
    /// HTTP answers with a recognised blockpage, or fails or differs where the control's succeeds.
    case blockedHTTP = "blocked-http"
    /// The vantage sees what the control sees: the block does not hold there.
    case accessible
    /// The control fails too: the site is offline at its origin, which is not a working block.
    case downEverywhere = "down-everywhere"
    /// The measurement could not decide (the vantage's own resolver unreachable, no control yet).
    case inconclusive

    /// The block holds at this vantage.
    public var isEnforced: Bool {
        switch self {
        case .blockedDNS, .blockedTCP, .blockedTLS, .blockedHTTP: true
        case .accessible, .downEverywhere, .inconclusive: false
        }
    }
}
