/// What one outside tool can make the guard proxy do. The defaults suit a browser page and a video
/// download; tests shorten the times.
public struct GuardProxyLimits: Sendable {
    /// A request head (request line and headers) larger than this is refused with 431; so is a response
    /// head from upstream larger than `maximumHeadBytes * 4` on a plain-HTTP request (502).
    public var maximumHeadBytes: Int = 32 * 1024
    /// Time for a client to send its request head after connecting.
    public var headTimeout: Duration = .seconds(15)
    /// Longest silence in both directions before a connection is closed.
    public var idleTimeout: Duration = .seconds(60)
    /// Longest life of one connection, tunnel or request. Long enough for a video at the size limit.
    public var totalTime: Duration = .seconds(30 * 60)
    /// Client connections open at once; more are answered 503 and closed. Chromium opens at most 32
    /// to one proxy, yt-dlp a handful.
    public var maximumConnections: Int = 128
    /// Refusals kept for `refusals()`; later ones are counted in `droppedRefusals` only, so a page
    /// requesting inside addresses in a loop cannot grow the proxy's memory without bound.
    public var maximumRefusals: Int = 1000
    /// Ports any address that passes the guard may be reached on: the web's own. Any port is allowed
    /// only on addresses inside the operator's exceptions (`KAIGUUL_FETCH_ALLOW`), which is where test
    /// sites and an in-house mirror live. Without this, a tunnel could reach a public host's mail,
    /// SSH or database port, which no page or video needs and which would make Kaiguul an open relay
    /// for whatever script a crawled page runs. The fetcher itself follows a URL's port; a page on an
    /// unusual port is still captured over HTTP, just not by the outside tools.
    public var ports: Set<Int> = [80, 443]
    /// How long `stop()` waits for connection handlers to end after closing their connections.
    public var stopGrace: Duration = .seconds(2)

    public init() {}
}
