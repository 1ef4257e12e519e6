import KaiguulCore

/// A source found in captured content, waiting for an analyst to accept or reject it.
/// Nothing is watched because of a candidate alone.
public struct CandidateSource: Sendable, Hashable, Codable {
    public var kind: SourceKind
    /// `SourceIdentity.normalise(kind:input:)` of the link: compare it with registered sources.
    public var identity: String
    /// The link as it appeared, resolved against the page.
    public var foundAt: String

    public init(kind: SourceKind, identity: String, foundAt: String) {
        self.kind = kind
        self.identity = identity
        self.foundAt = foundAt
    }
}
