import Foundation

public struct FetchTimings: Sendable {
    public var started: Date
    /// Time spent resolving the host name (zero for an IP literal).
    public var resolution: Duration
    /// From the start of the hop to the response head.
    public var toHeaders: Duration
    /// From the start of the hop to the end of the body.
    public var total: Duration
}
