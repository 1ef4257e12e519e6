import Crypto
import Foundation
import SwiftASN1
// The token is judged as of its own genTime (the TSA certificate may have expired since).
@_spi(FixedExpiryValidationTime) import X509

/// Decides whether a TimeStampResp vouches for a digest: the token is granted, names the digest,
/// is signed (CMS, signed attributes) by a certificate made for time-stamping, and that
/// certificate chains to one of the roots the operator trusts, as of the token's own genTime.
public enum TimestampVerifier {
    public static func verify(response: [UInt8], sha256 digest: [UInt8], trustedRootsPEM: String,
                              nonce: [UInt8]? = nil) async -> TimestampVerification {
        let token: TimestampToken
        do {
            token = try TimestampToken.parse(response: response)
        } catch {
            return .invalid(String(describing: error))
        }
        guard token.imprintAlgorithm == RFC3161.sha256.description else {
            return .invalid("the token's imprint is \(token.imprintAlgorithm), not SHA-256")
        }
        guard token.imprint == digest else { return .invalid("the token is for other data (imprint differs)") }
        if let nonce, token.nonce != RFC3161.normalizedNonce(nonce) {
            return .invalid("the token answers another request (nonce differs)")
        }

        let signedData = token.signedData
        guard signedData.signers.count == 1 else {
            return .invalid("the token has \(signedData.signers.count) signers, not one")
        }
        let signer = signedData.signers[0]
        guard let attributes = signer.signedAttributesDER else { return .invalid("the token has no signed attributes") }
        guard signer.contentType == RFC3161.tstInfo else {
            return .invalid("the signed contentType attribute is not TSTInfo")
        }
        guard let contentDigest = digestOf(signedData.content, algorithm: signer.digestAlgorithm) else {
            return .invalid("unsupported digest algorithm \(signer.digestAlgorithm)")
        }
        guard let messageDigest = signer.messageDigest, messageDigest == contentDigest else {
            return .invalid("the signed messageDigest does not match the TSTInfo")
        }
        guard let algorithm = signatureAlgorithm(signer.signatureAlgorithm, digest: signer.digestAlgorithm) else {
            return .invalid("unsupported signature algorithm \(signer.signatureAlgorithm)")
        }
        guard let (certificate, certificateDER) = signedData.signingCertificate(of: signer) else {
            return .invalid("the token does not carry its signer's certificate")
        }
        // RFC 3161 §2.4.1: the signed attributes name the TSA's certificate, so another certificate
        // for the same key cannot be slipped in.
        guard let named = signer.signingCertificateHash else {
            return .invalid("the token's signed attributes do not name the signing certificate")
        }
        let certificateHash = named.algorithm == RFC3161.sha1
            ? Array(Insecure.SHA1.hash(data: certificateDER)) : digestOf(certificateDER, algorithm: named.algorithm)
        guard certificateHash == named.hash else {
            return .invalid("the signing certificate is not the one the token's signed attributes name")
        }
        guard certificate.publicKey.isValidSignature(signer.signature, for: attributes, signatureAlgorithm: algorithm)
        else {
            return .invalid("the token's signature does not verify")
        }
        if let problem = TimeStampingPolicy.problem(with: certificate) { return .invalid(problem) }

        let roots: [Certificate]
        do {
            roots = try PEMDocument.parseMultiple(pemString: trustedRootsPEM).map { try Certificate(pemDocument: $0) }
        } catch {
            return .invalid("the trusted roots are unreadable: \(error)")
        }
        guard !roots.isEmpty else { return .invalid("no trusted roots given") }
        let genTime = token.genTime
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) {
            RFC5280Policy(fixedExpiryValidationTime: genTime)
            TimeStampingPolicy()
        }
        let intermediates = CertificateStore(signedData.certificates.filter { $0 != certificate })
        switch await verifier.validate(leaf: certificate, intermediates: intermediates) {
        case .validCertificate:
            return .valid(genTime: genTime, signer: certificate.subject.description)
        case .couldNotValidate(let failures):
            let reasons = failures.prefix(3).map { "\($0.policyFailureReason)" }
            return .invalid("the TSA certificate does not chain to a trusted root"
                                + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; ")))
        }
    }

    static func digestOf(_ bytes: [UInt8], algorithm: ASN1ObjectIdentifier) -> [UInt8]? {
        switch algorithm {
        case RFC3161.sha256: Array(SHA256.hash(data: bytes))
        case RFC3161.sha384: Array(SHA384.hash(data: bytes))
        case RFC3161.sha512: Array(SHA512.hash(data: bytes))
        default: nil
        }
    }

    /// The signature algorithm, insisting that its hash is the signer's digest algorithm. openssl
    /// names RSA signers `rsaEncryption` and leaves the hash to the digest algorithm; some Windows
    /// TSAs do the same with `ecPublicKey`.
    static func signatureAlgorithm(_ oid: ASN1ObjectIdentifier,
                                   digest: ASN1ObjectIdentifier) -> Certificate.SignatureAlgorithm? {
        let rsa: [ASN1ObjectIdentifier: Certificate.SignatureAlgorithm] = [
            RFC3161.sha256: .sha256WithRSAEncryption, RFC3161.sha384: .sha384WithRSAEncryption,
            RFC3161.sha512: .sha512WithRSAEncryption,
        ]
        let ecdsa: [ASN1ObjectIdentifier: Certificate.SignatureAlgorithm] = [
            RFC3161.sha256: .ecdsaWithSHA256, RFC3161.sha384: .ecdsaWithSHA384, RFC3161.sha512: .ecdsaWithSHA512,
        ]
        let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]
        let ecPublicKey: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]
        if oid == rsaEncryption { return rsa[digest] }
        if oid == ecPublicKey { return ecdsa[digest] }
        let named = Certificate.SignatureAlgorithm(algorithmIdentifierOID: oid)
        return named != nil && (rsa[digest] == named || ecdsa[digest] == named) ? named : nil
    }
}

extension Certificate.SignatureAlgorithm {
    init?(algorithmIdentifierOID oid: ASN1ObjectIdentifier) {
        let known: [ASN1ObjectIdentifier: Certificate.SignatureAlgorithm] = [
            [1, 2, 840, 113549, 1, 1, 11]: .sha256WithRSAEncryption,
            [1, 2, 840, 113549, 1, 1, 12]: .sha384WithRSAEncryption,
            [1, 2, 840, 113549, 1, 1, 13]: .sha512WithRSAEncryption,
            [1, 2, 840, 10045, 4, 3, 2]: .ecdsaWithSHA256,
            [1, 2, 840, 10045, 4, 3, 3]: .ecdsaWithSHA384,
            [1, 2, 840, 10045, 4, 3, 4]: .ecdsaWithSHA512,
        ]
        guard let algorithm = known[oid] else { return nil }
        self = algorithm
    }
}
