import Foundation

/// `signedData` of `datapackage-digest.json`, as the WACZ Signing and Verification specification
/// 0.1.0 describes it: the anonymous form (`publicKey`) or the domain form (`domain`,
/// `domainCert`, `timeSignature`, `timestampCert`). Absent fields are left out of the JSON.
public struct WACZSignedData: Codable, Sendable, Hashable {
    /// `sha256:` and the hex SHA-256 of `datapackage.json`; the signature is over these ASCII bytes.
    public var hash: String
    /// Equal to `datapackage.json`'s `created` (`YYYY-MM-DDThh:mm:ssZ`).
    public var created: String
    public var software: String
    public var version: String
    /// Base64 of the DER ECDSA P-256/SHA-256 signature over `hash`.
    public var signature: String
    /// Anonymous form: base64 of the DER SubjectPublicKeyInfo of the signing key.
    public var publicKey: String?
    /// Domain form: the leaf certificate's common name, its chain (PEM, leaf first, root last), an
    /// RFC 3161 TimeStampResp (base64) over the ASCII bytes of `signature`, and the TSA's chain.
    public var domain: String?
    public var domainCert: String?
    public var timeSignature: String?
    public var timestampCert: String?

    public static let specificationVersion = "0.1.0"

    public init(
        hash: String, created: String, software: String, version: String = WACZSignedData.specificationVersion,
        signature: String, publicKey: String? = nil, domain: String? = nil, domainCert: String? = nil,
        timeSignature: String? = nil, timestampCert: String? = nil
    ) {
        self.hash = hash
        self.created = created
        self.software = software
        self.version = version
        self.signature = signature
        self.publicKey = publicKey
        self.domain = domain
        self.domainCert = domainCert
        self.timeSignature = timeSignature
        self.timestampCert = timestampCert
    }

    public var isDomain: Bool { domainCert != nil || domain != nil || timeSignature != nil }
}

/// Produces `signedData` for a package. The package writer hands it the `hash` string of
/// `datapackage.json` and the `created` string that file carries; the signer must return both
/// unchanged. Async because the domain form asks a time-stamping authority.
public protocol WACZSigner: Sendable {
    func sign(hash: String, created: String) async throws -> WACZSignedData
}
