import Crypto
import Foundation

/// The anonymous form: an ECDSA P-256 key the instance holds, its public key in the package.
/// Who the key belongs to is told out of band (`/.well-known/kaiguul-keys.json`, and the
/// package's own `keys/kaiguul-keys.json`, which the verifier compares against keys it trusts).
public struct AnonymousWACZSigner: WACZSigner {
    public var key: P256.Signing.PrivateKey
    public var software: String

    public init(key: P256.Signing.PrivateKey, software: String) {
        self.key = key
        self.software = software
    }

    public func sign(hash: String, created: String) async throws -> WACZSignedData {
        let signature = try key.signature(for: Data(hash.utf8))
        return WACZSignedData(
            hash: hash, created: created, software: software,
            signature: signature.derRepresentation.base64EncodedString(),
            publicKey: key.publicKey.derRepresentation.base64EncodedString())
    }
}
