import Crypto
import Foundation

/// Who may read `/metrics`: the holder of the token, or a client from an allowed address. Either
/// suffices; with neither configured the endpoint is closed (404), never open by default.
enum MetricsAccess: Equatable {
    case closed, allowed, refused

    /// `bearer` is the `Authorization: Bearer` token if any, `clientAddress` the address `ProxyTrust` settled.
    static func decide(_ settings: OperationsSettings, bearer: String?, clientAddress: String) -> MetricsAccess {
        guard settings.metricsEnabled else { return .closed }
        if let expected = settings.metricsToken, let bearer, bearer.utf8.count <= 512,
           sameSecret(bearer, expected) {
            return .allowed
        }
        if let address = ClientIP(clientAddress), settings.metricsAllow.contains(where: { $0.contains(address) }) {
            return .allowed
        }
        return .refused
    }

    /// Compares digests (swift-crypto's `==` on digests takes the same time wherever they differ), so
    /// the answer's timing says nothing about how much of a guessed token was right.
    private static func sameSecret(_ a: String, _ b: String) -> Bool {
        SHA256.hash(data: Data(a.utf8)) == SHA256.hash(data: Data(b.utf8))
    }
}
