import Foundation

/// The whole of one fetch: every HTTP exchange in order (redirect hops and retried attempts
/// included), then how it ended.
public struct FetchResult: Sendable {
    public var requestedURL: String
    public var exchanges: [HTTPExchange]
    public var outcome: FetchOutcome

    /// The last response received, if any: the page itself when the fetch succeeded.
    public var final: HTTPExchange? { exchanges.last }

    public var failure: FetchFailure? {
        if case .failed(let failure) = outcome { return failure }
        return nil
    }
}
