import Foundation
import SwiftASN1

/// What a TimeStampResp says: when (genTime), about what (imprint), under which policy and
/// serial number. Parsing checks the shape and the status only; `TimestampVerifier` decides
/// whether to believe it.
public struct TimestampToken: Sendable {
    /// The whole TimeStampResp, as the TSA sent it: what Kaiguul stores and ships.
    public var responseDER: [UInt8]
    public var genTime: Date
    /// The hashed message of the messageImprint.
    public var imprint: [UInt8]
    /// Dotted object identifier of the imprint's hash algorithm.
    public var imprintAlgorithm: String
    /// Lowercase hex of the TSA's serial number for this token.
    public var serialNumber: String
    /// Unsigned big-endian, without leading zero bytes (compare with `RFC3161.normalizedNonce`).
    public var nonce: [UInt8]?
    /// Dotted object identifier of the TSA policy.
    public var policy: String

    let signedData: TimestampSignedData

    public static func parse(response: [UInt8]) throws -> TimestampToken {
        guard response.count <= RFC3161.maximumResponseBytes else { throw TimestampError.tooLarge(response.count) }
        do {
            let root = try DER.parse(response)
            return try DER.sequence(root, identifier: .sequence) { nodes in
                guard let statusNode = nodes.next() else { throw TimestampError.malformed("no PKIStatusInfo") }
                let status = try TimestampStatus(derEncoded: statusNode)
                guard status.status == 0 || status.status == 1 else {
                    throw TimestampError.notGranted(status: status.status, failInfo: status.failInfo, text: status.text)
                }
                guard let tokenNode = nodes.next() else { throw TimestampError.malformed("granted but no token") }
                let signedData = try TimestampSignedData(contentInfo: tokenNode)
                guard signedData.contentType == RFC3161.tstInfo else {
                    throw TimestampError.malformed("token content is \(signedData.contentType), not TSTInfo")
                }
                let info = try TSTInfo(derEncoded: DER.parse(signedData.content))
                return TimestampToken(
                    responseDER: response, genTime: info.genTime, imprint: info.imprint,
                    imprintAlgorithm: String(describing: info.imprintAlgorithm),
                    serialNumber: HexEncoding.encode(info.serialNumber), nonce: info.nonce,
                    policy: String(describing: info.policy), signedData: signedData)
            }
        } catch let error as TimestampError {
            throw error
        } catch {
            throw TimestampError.malformed(String(describing: error))
        }
    }
}

/// PKIStatusInfo ::= SEQUENCE { status INTEGER, statusString PKIFreeText OPTIONAL, failInfo BIT STRING OPTIONAL }
struct TimestampStatus {
    var status: Int
    var text: String?
    var failInfo: [String]

    private static let failureNames: [Int: String] = [
        0: "badAlg", 2: "badRequest", 5: "badDataFormat", 14: "timeNotAvailable", 15: "unacceptedPolicy",
        16: "unacceptedExtension", 17: "addInfoNotAvailable", 25: "systemFailure",
    ]

    init(derEncoded node: ASN1Node) throws {
        (status, text, failInfo) = try DER.sequence(node, identifier: .sequence) { nodes in
            let status = try Int(derEncoded: &nodes)
            var text: String?
            var failInfo: [String] = []
            while let next = nodes.next() {
                if next.identifier == .sequence {
                    let parts = try DER.sequence(of: ASN1UTF8String.self, identifier: .sequence, rootNode: next)
                    text = parts.map { String($0) }.joined(separator: " ")
                } else if next.identifier == .bitString {
                    let bits = try ASN1BitString(derEncoded: next)
                    for (index, byte) in bits.bytes.prefix(8).enumerated() {
                        for bit in 0..<8 where byte & (0x80 >> bit) != 0 {
                            let number = index * 8 + bit
                            failInfo.append(Self.failureNames[number] ?? "failure bit \(number)")
                        }
                    }
                }
            }
            return (status, text, failInfo)
        }
    }
}

/// TSTInfo (RFC 3161 §2.4.2), the signed statement itself.
struct TSTInfo {
    var policy: ASN1ObjectIdentifier
    var imprintAlgorithm: ASN1ObjectIdentifier
    var imprint: [UInt8]
    var serialNumber: ArraySlice<UInt8>
    var genTime: Date
    var nonce: [UInt8]?

    init(derEncoded node: ASN1Node) throws {
        (policy, imprintAlgorithm, imprint, serialNumber, genTime, nonce) = try DER.sequence(
            node, identifier: .sequence
        ) { nodes in
            let version = try Int(derEncoded: &nodes)
            guard version == 1 else { throw TimestampError.malformed("TSTInfo version \(version)") }
            let policy = try ASN1ObjectIdentifier(derEncoded: &nodes)
            let (algorithm, imprint) = try DER.sequence(try nodes.required("messageImprint"), identifier: .sequence) { imprint in
                let algorithm = try DER.sequence(try imprint.required("hashAlgorithm"), identifier: .sequence) { algorithm in
                    let oid = try ASN1ObjectIdentifier(derEncoded: &algorithm)
                    _ = algorithm.next()
                    return oid
                }
                return (algorithm, try ASN1OctetString(derEncoded: &imprint).bytes)
            }
            let serial = try ArraySlice<UInt8>(derEncoded: &nodes)
            let time = try GeneralizedTime(derEncoded: &nodes)
            var nonce: [UInt8]?
            // accuracy, ordering, nonce, tsa, extensions: only the nonce matters here.
            while let next = nodes.next() {
                if next.identifier == .integer { nonce = RFC3161.normalizedNonce(Array(try ArraySlice<UInt8>(derEncoded: next))) }
            }
            return (policy, algorithm, Array(imprint), serial, try Self.date(time), nonce)
        }
    }

    static func date(_ time: GeneralizedTime) throws -> Date {
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        components.year = time.year
        components.month = time.month
        components.day = time.day
        components.hour = time.hours
        components.minute = time.minutes
        components.second = time.seconds
        guard let date = components.date else { throw TimestampError.malformed("genTime out of range") }
        return date.addingTimeInterval(time.fractionalSeconds)
    }
}
