import Foundation
import SwiftASN1
import X509

/// RFC 3161 §2.3: the TSA's certificate carries exactly one extended key usage, id-kp-timeStamping,
/// and marks the extension critical. Claiming the extension here lets the chain verifier accept
/// the critical extension it would otherwise refuse as unhandled.
struct TimeStampingPolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.extendedKeyUsage]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        if let problem = Self.problem(with: chain.leaf) { return .failsToMeetPolicy(reason: problem) }
        return .meetsPolicy
    }

    /// Nil when the certificate may sign time-stamp tokens, otherwise why not.
    static func problem(with certificate: Certificate) -> String? {
        guard let ext = certificate.extensions[oid: .X509ExtensionID.extendedKeyUsage] else {
            return "the TSA certificate has no extended key usage"
        }
        guard ext.critical else { return "the TSA certificate's extended key usage is not critical" }
        guard let usage = try? ExtendedKeyUsage(ext) else { return "the TSA certificate's extended key usage is unreadable" }
        guard Array(usage) == [.timeStamping] else {
            return "the TSA certificate's extended key usage is not timeStamping alone"
        }
        return nil
    }
}
