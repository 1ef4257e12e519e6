import Foundation
import SwiftASN1
import X509

/// The parts of a CMS SignedData (RFC 5652 §5) a time-stamp token needs, kept as they arrived:
/// the TSTInfo bytes and the signed attributes must be checked byte for byte as they were signed.
/// swift-certificates' own CMS verification refuses eContentType TSTInfo, hence this reader.
struct TimestampSignedData: Sendable {
    /// More signers or certificates than any TSA sends are refused rather than walked.
    static let maximumSigners = 4
    static let maximumCertificates = 16

    var contentType: ASN1ObjectIdentifier
    /// The eContent: the DER of the TSTInfo.
    var content: [UInt8]
    var certificates: [Certificate]
    /// The DER of each certificate as it arrived (what the ESS signing-certificate hash covers).
    var certificateDER: [[UInt8]]
    var signers: [TimestampSignerInfo]

    /// Reads a ContentInfo { id-signedData, [0] EXPLICIT SignedData }.
    init(contentInfo node: ASN1Node) throws {
        self = try DER.sequence(node, identifier: .sequence) { nodes in
            let type = try ASN1ObjectIdentifier(derEncoded: &nodes)
            guard type == RFC3161.signedData else { throw TimestampError.malformed("token is \(type), not SignedData") }
            return try DER.explicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) { inner in
                try Self(signedData: inner)
            }
        }
    }

    private init(signedData node: ASN1Node) throws {
        self = try DER.sequence(node, identifier: .sequence) { nodes in
            _ = try Int(derEncoded: &nodes)
            guard let digestAlgorithms = nodes.next(), digestAlgorithms.identifier == .set else {
                throw TimestampError.malformed("SignedData without digestAlgorithms")
            }
            let (type, content) = try DER.sequence(try nodes.required("encapContentInfo"), identifier: .sequence) { encapsulated in
                let type = try ASN1ObjectIdentifier(derEncoded: &encapsulated)
                let content = try DER.explicitlyTagged(&encapsulated, tagNumber: 0, tagClass: .contextSpecific) {
                    try ASN1OctetString(derEncoded: $0)
                }
                return (type, Array(content.bytes))
            }
            var certificates: [Certificate] = []
            var certificateDER: [[UInt8]] = []
            var signerSet: ASN1Node?
            while let next = nodes.next() {
                switch next.identifier {
                case ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific):
                    guard case .constructed(let choices) = next.content else {
                        throw TimestampError.malformed("certificates not constructed")
                    }
                    for choice in choices {
                        guard certificates.count < Self.maximumCertificates else {
                            throw TimestampError.malformed("more than \(Self.maximumCertificates) certificates")
                        }
                        // Other CertificateChoices (attribute certificates) are tagged and skipped.
                        if choice.identifier == .sequence {
                            certificates.append(try Certificate(derEncoded: choice))
                            certificateDER.append(Array(choice.encodedBytes))
                        }
                    }
                case ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific):
                    continue
                case .set:
                    signerSet = next
                default:
                    throw TimestampError.malformed("unexpected \(next.identifier) in SignedData")
                }
            }
            guard let signerSet, case .constructed(let signerNodes) = signerSet.content else {
                throw TimestampError.malformed("SignedData without signerInfos")
            }
            var signers: [TimestampSignerInfo] = []
            for signer in signerNodes {
                guard signers.count < Self.maximumSigners else { throw TimestampError.malformed("too many signers") }
                signers.append(try TimestampSignerInfo(derEncoded: signer))
            }
            return TimestampSignedData(contentType: type, content: content, certificates: certificates,
                                       certificateDER: certificateDER, signers: signers)
        }
    }

    private init(contentType: ASN1ObjectIdentifier, content: [UInt8], certificates: [Certificate],
                 certificateDER: [[UInt8]], signers: [TimestampSignerInfo]) {
        self.contentType = contentType
        self.content = content
        self.certificates = certificates
        self.certificateDER = certificateDER
        self.signers = signers
    }

    /// The certificate a signer names, by issuer and serial number or by subject key identifier.
    func certificate(of signer: TimestampSignerInfo) -> Certificate? {
        signingCertificate(of: signer)?.certificate
    }

    /// The same with the certificate's DER as it arrived.
    func signingCertificate(of signer: TimestampSignerInfo) -> (certificate: Certificate, der: [UInt8])? {
        let index: Int? = switch signer.identifier {
        case .issuerAndSerial(let issuer, let serial):
            certificates.firstIndex { $0.issuer == issuer && $0.serialNumber == serial }
        case .keyIdentifier(let identifier):
            certificates.firstIndex { (try? $0.extensions.subjectKeyIdentifier)??.keyIdentifier == identifier[...] }
        }
        return index.map { (certificates[$0], certificateDER[$0]) }
    }
}
