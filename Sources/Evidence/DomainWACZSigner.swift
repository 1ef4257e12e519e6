import Crypto
import Foundation
import SwiftASN1
import X509

/// The domain form: an operator's certificate (e.g. from the ministry's own PKI) signs `hash`,
/// and a time-stamping authority stamps that signature, so a reader can tell who signed and that
/// the signature existed at the stamped time.
public struct DomainWACZSigner: WACZSigner {
    /// What a time-stamping authority returned for a SHA-256: the whole TimeStampResp (DER) and
    /// the TSA's certificate chain (PEM, leaf first, root last) for `timestampCert`.
    public struct Stamp: Sendable {
        public var response: [UInt8]
        public var certificateChainPEM: String

        public init(response: [UInt8], certificateChainPEM: String) {
            self.response = response
            self.certificateChainPEM = certificateChainPEM
        }
    }

    public typealias Stamper = @Sendable (_ sha256: [UInt8]) async throws -> Stamp

    public var certificateChainPEM: String
    public var key: P256.Signing.PrivateKey
    public var software: String
    public var stamp: Stamper
    /// The leaf's common name (`domain`).
    public let domain: String

    public init(certificateChainPEM: String, key: P256.Signing.PrivateKey, software: String, stamp: @escaping Stamper)
        throws
    {
        let chain = try CertificateChain.parse(certificateChainPEM)
        guard let leaf = chain.first else { throw EvidenceError.invalidArgument("the signing certificate chain is empty") }
        guard let leafKey = P256.Signing.PublicKey(leaf.publicKey), leafKey.rawRepresentation == key.publicKey.rawRepresentation
        else { throw EvidenceError.invalidArgument("the signing key is not the key of the chain's first certificate") }
        guard let name = CertificateChain.commonName(leaf) else {
            throw EvidenceError.invalidArgument("the signing certificate has no common name")
        }
        self.certificateChainPEM = certificateChainPEM
        self.key = key
        self.software = software
        self.stamp = stamp
        self.domain = name
    }

    public func sign(hash: String, created: String) async throws -> WACZSignedData {
        let signature = try key.signature(for: Data(hash.utf8)).derRepresentation.base64EncodedString()
        // The TSA stamps the ASCII bytes of the base64 signature, as authsign checks it.
        let stamped = try await stamp(Array(SHA256.hash(data: Data(signature.utf8))))
        return WACZSignedData(
            hash: hash, created: created, software: software, signature: signature, domain: domain,
            domainCert: certificateChainPEM, timeSignature: Data(stamped.response).base64EncodedString(),
            timestampCert: stamped.certificateChainPEM)
    }
}

/// PEM certificate chains as WACZ `domainCert` and `timestampCert` carry them.
public enum CertificateChain {
    /// Every certificate in the PEM text, in order. At most 16: a chain is short.
    public static func parse(_ pem: String) throws -> [Certificate] {
        let documents: [PEMDocument]
        do { documents = try PEMDocument.parseMultiple(pemString: pem) } catch {
            throw EvidenceError.invalidArgument("the certificate chain is not PEM: \(error)")
        }
        let blocks = documents.filter { $0.discriminator == "CERTIFICATE" }
        guard blocks.count <= 16 else { throw EvidenceError.invalidArgument("more than 16 certificates") }
        var certificates: [Certificate] = []
        for block in blocks {
            do { certificates.append(try Certificate(pemDocument: block)) } catch {
                throw EvidenceError.invalidArgument("certificate \(certificates.count + 1) does not parse: \(error)")
            }
        }
        return certificates
    }

    public static func commonName(_ certificate: Certificate) -> String? {
        for rdn in certificate.subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                if let name = String(attribute.value) { return name }
            }
        }
        return nil
    }

    /// SHA-256 (hex) of the certificate's DER, as authsign's trusted-roots file names roots.
    public static func fingerprint(_ certificate: Certificate) -> String {
        var serializer = DER.Serializer()
        guard (try? serializer.serialize(certificate)) != nil else { return "" }
        return sha256Hex(serializer.serializedBytes)
    }

    /// The chain of the TSA that signed a TimeStampResp, for `timestampCert`: its signer's
    /// certificate (from the token), then each issuer found among the token's certificates and
    /// `rootsPEM`, until a self-signed root. PEM, leaf first.
    public static func timestampChainPEM(response: [UInt8], rootsPEM: String?) throws -> String {
        let token = try TimestampToken.parse(response: response)
        guard let signer = token.signedData.signers.first, let leaf = token.signedData.certificate(of: signer) else {
            throw EvidenceError.invalidArgument("the timestamp token does not carry its signer's certificate")
        }
        let pool = token.signedData.certificates + ((try? parse(rootsPEM ?? "")) ?? [])
        var chain = [leaf]
        while chain.count < 8, let last = chain.last, last.issuer != last.subject {
            guard let issuer = pool.first(where: {
                $0.subject == last.issuer && $0.publicKey.isValidSignature(last.signature, for: last)
            }) else { break }
            chain.append(issuer)
        }
        return try chain.map { try $0.serializeAsPEM().pemString + "\n" }.joined()
    }
}
