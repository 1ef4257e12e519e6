import Foundation
import SwiftASN1
import X509

/// One SignerInfo of a SignedData (RFC 5652 §5.3), with the signed attributes kept as the DER
/// the signature covers.
struct TimestampSignerInfo: Sendable {
    enum Identifier: Sendable {
        case issuerAndSerial(DistinguishedName, Certificate.SerialNumber)
        case keyIdentifier([UInt8])
    }

    var identifier: Identifier
    var digestAlgorithm: ASN1ObjectIdentifier
    /// The signedAttrs re-tagged from [0] IMPLICIT to SET (0x31): the bytes that were signed.
    var signedAttributesDER: [UInt8]?
    /// The contentType attribute's value, when present.
    var contentType: ASN1ObjectIdentifier?
    /// The messageDigest attribute's value, when present.
    var messageDigest: [UInt8]?
    /// The first ESSCertID(v2) of the signingCertificate(V2) attribute: the hash algorithm and the
    /// hash of the certificate the TSA says it signed with.
    var signingCertificateHash: (algorithm: ASN1ObjectIdentifier, hash: [UInt8])?
    var signatureAlgorithm: ASN1ObjectIdentifier
    var signature: [UInt8]

    init(derEncoded node: ASN1Node) throws {
        self = try DER.sequence(node, identifier: .sequence) { nodes in
            _ = try Int(derEncoded: &nodes)
            guard let sid = nodes.next() else { throw TimestampError.malformed("SignerInfo without signer") }
            let identifier: Identifier
            if sid.identifier == .sequence {
                identifier = try DER.sequence(sid, identifier: .sequence) { parts in
                    let issuer = try DistinguishedName(derEncoded: try parts.required("issuer"))
                    let serial = try ArraySlice<UInt8>(derEncoded: &parts)
                    return .issuerAndSerial(issuer, Certificate.SerialNumber(bytes: serial))
                }
            } else if sid.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
                let key = try ASN1OctetString(derEncoded: sid, withIdentifier: sid.identifier)
                identifier = .keyIdentifier(Array(key.bytes))
            } else {
                throw TimestampError.malformed("unknown signer identifier \(sid.identifier)")
            }
            let digestAlgorithm = try Self.algorithm(&nodes)

            var signedAttributesDER: [UInt8]?
            var contentType: ASN1ObjectIdentifier?
            var messageDigest: [UInt8]?
            var signingCertificateHash: (algorithm: ASN1ObjectIdentifier, hash: [UInt8])?
            guard var next = nodes.next() else { throw TimestampError.malformed("SignerInfo cut short") }
            if next.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
                var bytes = Array(next.encodedBytes)
                // RFC 5652 §5.4: the signature is over the EXPLICIT SET OF encoding.
                bytes[0] = 0x31
                signedAttributesDER = bytes
                guard case .constructed(let attributes) = next.content else {
                    throw TimestampError.malformed("signedAttrs not constructed")
                }
                for attribute in attributes {
                    let (type, values) = try DER.sequence(attribute, identifier: .sequence) { parts in
                        let type = try ASN1ObjectIdentifier(derEncoded: &parts)
                        guard let values = parts.next(), values.identifier == .set,
                              case .constructed(let members) = values.content else {
                            throw TimestampError.malformed("attribute \(type) without values")
                        }
                        return (type, Array(members))
                    }
                    if type == RFC3161.contentTypeAttribute {
                        guard contentType == nil, values.count == 1 else {
                            throw TimestampError.malformed("contentType attribute repeated")
                        }
                        contentType = try ASN1ObjectIdentifier(derEncoded: values[0])
                    } else if type == RFC3161.messageDigestAttribute {
                        guard messageDigest == nil, values.count == 1 else {
                            throw TimestampError.malformed("messageDigest attribute repeated")
                        }
                        messageDigest = Array(try ASN1OctetString(derEncoded: values[0]).bytes)
                    } else if type == RFC3161.signingCertificateAttribute || type == RFC3161.signingCertificateV2Attribute {
                        guard signingCertificateHash == nil, values.count == 1 else {
                            throw TimestampError.malformed("signingCertificate attribute repeated")
                        }
                        signingCertificateHash = try Self.firstCertificateHash(
                            values[0], version2: type == RFC3161.signingCertificateV2Attribute)
                    }
                }
                guard let after = nodes.next() else { throw TimestampError.malformed("SignerInfo cut short") }
                next = after
            }
            let signatureAlgorithm = try DER.sequence(next, identifier: .sequence) { parts in
                let oid = try ASN1ObjectIdentifier(derEncoded: &parts)
                _ = parts.next()
                return oid
            }
            let signature = try ASN1OctetString(derEncoded: &nodes)
            _ = nodes.next()  // unsignedAttrs
            return TimestampSignerInfo(
                identifier: identifier, digestAlgorithm: digestAlgorithm, signedAttributesDER: signedAttributesDER,
                contentType: contentType, messageDigest: messageDigest,
                signingCertificateHash: signingCertificateHash, signatureAlgorithm: signatureAlgorithm,
                signature: Array(signature.bytes))
        }
    }

    private init(identifier: Identifier, digestAlgorithm: ASN1ObjectIdentifier, signedAttributesDER: [UInt8]?,
                 contentType: ASN1ObjectIdentifier?, messageDigest: [UInt8]?,
                 signingCertificateHash: (algorithm: ASN1ObjectIdentifier, hash: [UInt8])?,
                 signatureAlgorithm: ASN1ObjectIdentifier, signature: [UInt8]) {
        self.identifier = identifier
        self.digestAlgorithm = digestAlgorithm
        self.signedAttributesDER = signedAttributesDER
        self.contentType = contentType
        self.messageDigest = messageDigest
        self.signingCertificateHash = signingCertificateHash
        self.signatureAlgorithm = signatureAlgorithm
        self.signature = signature
    }

    /// SigningCertificate ::= SEQUENCE { certs SEQUENCE OF ESSCertID, … } (RFC 2634), ESSCertID
    /// { certHash (SHA-1), … }; V2 (RFC 5035): ESSCertIDv2 { hashAlgorithm DEFAULT sha256, certHash, … }.
    private static func firstCertificateHash(_ node: ASN1Node, version2: Bool) throws
        -> (algorithm: ASN1ObjectIdentifier, hash: [UInt8])
    {
        try DER.sequence(node, identifier: .sequence) { parts in
            let certs = try parts.required("certs")
            _ = parts.next()  // policies
            guard certs.identifier == .sequence, case .constructed(let ids) = certs.content,
                  let first = ids.first(where: { _ in true }) else {
                throw TimestampError.malformed("signingCertificate names no certificate")
            }
            return try DER.sequence(first, identifier: .sequence) { fields in
                var algorithm = version2 ? RFC3161.sha256 : RFC3161.sha1
                var field = try fields.required("certHash")
                if version2, field.identifier == .sequence {
                    algorithm = try DER.sequence(field, identifier: .sequence) { parts in
                        let oid = try ASN1ObjectIdentifier(derEncoded: &parts)
                        _ = parts.next()
                        return oid
                    }
                    field = try fields.required("certHash")
                }
                let hash = try ASN1OctetString(derEncoded: field)
                _ = fields.next()  // issuerSerial
                return (algorithm, Array(hash.bytes))
            }
        }
    }

    private static func algorithm(_ nodes: inout ASN1NodeCollection.Iterator) throws -> ASN1ObjectIdentifier {
        try DER.sequence(try nodes.required("algorithm"), identifier: .sequence) { parts in
            let oid = try ASN1ObjectIdentifier(derEncoded: &parts)
            _ = parts.next()
            return oid
        }
    }
}
