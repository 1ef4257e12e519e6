import Evidence
import Foundation
import Vapor

/// How this instance signs its packages: in the WACZ domain mode when an operator's certificate
/// is configured (`KAIGUUL_SIGNING_CERT`), else in the anonymous mode with the instance's own
/// ECDSA P-256 key; the custody manifest always with the audit key.
enum InstancePackageSigning {
    static var software: String { "Kaiguul \(KaiguulVersion.string)" }

    static func make(app: Application) throws -> PackageSigning {
        let keys = app.signingKeys
        let signer: any WACZSigner
        if let domain = keys.domain {
            signer = try DomainWACZSigner(
                certificateChainPEM: domain.certificateChainPEM, key: domain.key, software: software,
                stamp: stamper(app: app))
        } else {
            signer = AnonymousWACZSigner(key: keys.wacz, software: software)
        }
        // The same bytes as `/.well-known/kaiguul-keys.json`.
        return PackageSigning(signer: signer, custodyKey: keys.audit, keysDocument: try keys.document.json())
    }

    struct NoTimestamp: Error, CustomStringConvertible {
        var description: String
    }

    /// Asks the configured time-stamping authorities; the first good token is the package's
    /// `timeSignature`. Its `timestampCert` is the TSA's certificate from the token, completed
    /// with issuers from `KAIGUUL_TSA_ROOTS` up to the root. The domain mode cannot sign without one.
    static func stamper(app: Application) -> DomainWACZSigner.Stamper {
        { sha256 in
            let authorities = app.timestampAuthorities
            guard authorities.isConfigured else {
                throw NoTimestamp(description: "the domain signature needs a time-stamping authority (KAIGUUL_TSA_URLS)")
            }
            let tokens = await authorities.stamp(sha256: sha256, client: app.client, logger: app.logger)
            guard let token = tokens.first else {
                throw NoTimestamp(description: "no time-stamping authority answered for the package signature")
            }
            let response = Array(token.response)
            return DomainWACZSigner.Stamp(
                response: response,
                certificateChainPEM: try CertificateChain.timestampChainPEM(
                    response: response, rootsPEM: authorities.trustedRootsPEM))
        }
    }
}
