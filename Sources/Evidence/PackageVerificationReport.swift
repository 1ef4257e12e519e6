import Foundation

/// One thing `PackageVerifier` checked, and what it found.
public struct PackageCheck: Sendable, Hashable {
    public enum Outcome: String, Sendable {
        case passed, failed, skipped
    }

    /// Stable name of the check (`file`, `signature`, …); the App words it in the reader's language.
    public var id: String
    public var outcome: Outcome
    /// What the check was about, when it is one of several (a file's path, a token's path).
    public var subject: String?
    /// Technical detail: digests, names, the reason of a failure.
    public var detail: String

    public init(id: String, outcome: Outcome, subject: String? = nil, detail: String) {
        self.id = id
        self.outcome = outcome
        self.subject = subject
        self.detail = detail
    }
}

/// Every check of one package, in the order they ran.
public struct PackageVerificationReport: Sendable, Hashable {
    public var checks: [PackageCheck]
    /// `anonymous` or `domain`, once `signedData` was read.
    public var signatureMode: String?

    /// True when something was checked and nothing failed.
    public var passed: Bool {
        !checks.isEmpty && !checks.contains { $0.outcome == .failed }
    }

    public var failures: [PackageCheck] { checks.filter { $0.outcome == .failed } }
}

/// What the reader trusts, from outside the package: the keys they hold (fingerprints,
/// `sha256:` and the hex SHA-256 of the DER SubjectPublicKeyInfo) and root certificates (PEM)
/// for domain certificates and time-stamping authorities.
public struct PackageTrust: Sendable {
    /// Keys the reader named; a package signed with another key fails the key check.
    public var namedKeys: Set<String>
    /// The checking instance's own keys; a match is reported, another key is only not vouched for.
    public var instanceKeys: Set<String>
    public var trustedRootsPEM: String?

    public init(namedKeys: Set<String> = [], instanceKeys: Set<String> = [], trustedRootsPEM: String? = nil) {
        self.namedKeys = namedKeys
        self.instanceKeys = instanceKeys
        self.trustedRootsPEM = trustedRootsPEM
    }
}
