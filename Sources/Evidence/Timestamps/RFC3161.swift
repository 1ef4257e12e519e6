import Crypto
import Foundation
import SwiftASN1

// Kaiguul's RFC 3161 time-stamping core, as named in the helpers' brief:
// `RFC3161.request(sha256:nonce:)`, `TimestampToken.parse(response:)`,
// `TimestampVerifier.verify(response:sha256:trustedRootsPEM:)` → `TimestampVerification`.
// Additions beyond the brief (all optional): `RFC3161.makeNonce()`, `RFC3161.maximumResponseBytes`,
// `TimestampVerifier.verify(…, nonce:)`, `TimestampError`.
// What is stored and shipped is always the whole TimeStampResp, never the bare token.

/// RFC 3161 time-stamp requests and the object identifiers the responses use.
public enum RFC3161 {
    /// A TimeStampResp larger than this is refused unread (real ones are a few kilobytes).
    public static let maximumResponseBytes = 1 << 20

    static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    static let sha384: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 2]
    static let sha512: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 3]
    static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 2]
    static let tstInfo: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 1, 4]
    static let contentTypeAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 3]
    static let messageDigestAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 4]
    static let signingCertificateAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 2, 12]
    static let signingCertificateV2Attribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 16, 2, 47]
    static let sha1: ASN1ObjectIdentifier = [1, 3, 14, 3, 2, 26]

    /// A DER TimeStampReq (version 1) for a SHA-256 digest, asking the TSA to include its
    /// certificate (certReq TRUE) so the token can be verified without fetching anything.
    /// The nonce is read as an unsigned big-endian number (leading zero bytes do not count).
    public static func request(sha256 digest: [UInt8], nonce: [UInt8]) -> [UInt8] {
        precondition(digest.count == 32, "a SHA-256 digest is 32 bytes")
        var serializer = DER.Serializer()
        do {
            try serializer.appendConstructedNode(identifier: .sequence) { request in
                try request.serialize(1)
                try request.appendConstructedNode(identifier: .sequence) { imprint in
                    try imprint.appendConstructedNode(identifier: .sequence) { algorithm in
                        try algorithm.serialize(RFC3161.sha256)
                        // NULL parameters, as openssl writes them: some older TSAs refuse absent ones.
                        try algorithm.serialize(ASN1Null())
                    }
                    try imprint.serialize(ASN1OctetString(contentBytes: digest[...]))
                }
                try request.serialize(normalizedNonce(nonce)[...])
                try request.serialize(true)
            }
        } catch {
            preconditionFailure("DER serialisation of fixed-shape values cannot fail: \(error)")
        }
        return serializer.serializedBytes
    }

    /// Eight random bytes, enough that a replayed answer to an older request is caught.
    public static func makeNonce() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return normalizedNonce((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The nonce as the INTEGER carries it back: without leading zero bytes (at least one byte).
    public static func normalizedNonce(_ nonce: [UInt8]) -> [UInt8] {
        let trimmed = Array(nonce.drop { $0 == 0 })
        return trimmed.isEmpty ? [0] : trimmed
    }
}
