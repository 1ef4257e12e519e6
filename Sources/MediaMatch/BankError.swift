/// Why a bank file or a fingerprint was refused.
public enum BankError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidHash(kind: FingerprintKind, value: String)
    case fieldTooLong
    /// Every bad line of an import (the import is all or nothing), at most the first 100.
    case invalidLines([BankLineIssue])
    case tooManyEntries(limit: Int)
    case inputTooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case let .invalidHash(kind, value): "not a \(kind.rawValue) hash: \(value)"
        case .fieldTooLong: "label or source longer than \(MediaFingerprint.maxLabelLength) characters"
        case let .invalidLines(issues):
            "invalid lines: " + issues.prefix(5).map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
                + (issues.count > 5 ? "; …" : "")
        case let .tooManyEntries(limit): "more than \(limit) entries"
        case let .inputTooLarge(bytes, limit): "input of \(bytes) bytes exceeds the limit of \(limit) bytes"
        }
    }
}

public struct BankLineIssue: Sendable, Equatable {
    public let line: Int
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}
