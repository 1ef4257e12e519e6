import Foundation

/// The one route a browser capture has to the network: a loopback proxy that applies the address
/// guard (`GuardProxy`), seen from the browser's side. A protocol so the browser does not depend on
/// how the proxy is built.
public protocol BrowserProxy: Sendable {
    /// `http://127.0.0.1:PORT`, given to the capture's browser context.
    var url: String { get }
    /// Everything the proxy refused so far, in order.
    func refusals() -> [ProxyRefusal]
}
