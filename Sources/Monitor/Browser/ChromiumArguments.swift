import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Chromium's command line. The browser must have no route to the network except the guard proxy
/// each capture's browser context is given (`Target.createBrowserContext(proxyServer:)`):
enum ChromiumArguments {
    /// The browser-wide proxy: port 1 on loopback, where nothing listens and which an unprivileged
    /// process cannot bind, so anything outside a capture's context (background requests Chromium
    /// still makes) goes nowhere rather than out directly.
    static let deadEndProxy = "http://127.0.0.1:1"

    /// Chromium sends loopback addresses past any proxy unless told otherwise; `<-loopback>`
    /// removes that implicit rule, so `127.0.0.1` and `127.0.0.2` also meet the address guard.
    static let bypassList = "<-loopback>"

    static let hostResolverRules = "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"

    static func make(userDataDirectory: String, runningAsRoot: Bool) -> [String] {
        var arguments = [
            "--headless",
            "--user-data-dir=\(userDataDirectory)",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "--proxy-server=\(deadEndProxy)",
            "--proxy-bypass-list=\(bypassList)",
            // Every name resolves to nothing: a request that somehow skipped the proxy could not
            // even look up its host. Proxied requests hand the name to the proxy, which resolves it.
            // The rule also matches IP literals, so the proxy's own address is left out of it.
            "--host-resolver-rules=\(hostResolverRules)",
            // QUIC is UDP, which an HTTP proxy cannot carry.
            "--disable-quic",
            // WebRTC may use UDP only through a proxy, so in practice not at all.
            "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-sync",
            "--disable-domain-reliability",
            "--disable-client-side-phishing-detection",
            "--disable-breakpad",
            "--disable-crash-reporter",
            "--no-pings",
            "--no-first-run",
            "--no-default-browser-check",
            "--metrics-recording-only",
            "--password-store=basic",
            "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,"
                + "AutofillServerCommunication,CertificateTransparencyComponentUpdater,DnsOverHttps,"
                + "InterestFeedContentSuggestions,PrivacySandboxSettings4,NetworkTimeServiceQuerying",
            "--deny-permission-prompts",
            "--disable-notifications",
            "--mute-audio",
            "--hide-scrollbars",
            // /dev/shm is small in containers; Chromium crashes when it runs out.
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--window-size=1280,900",
        ]
        // Chromium refuses to start as root with its sandbox on; a container running Kaiguul as root
        // has no user namespace for it. Only then is the sandbox turned off.
        if runningAsRoot { arguments.append("--no-sandbox") }
        arguments.append("about:blank")
        return arguments
    }

    static var runningAsRoot: Bool { geteuid() == 0 }
}
