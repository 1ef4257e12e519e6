/// How a fetch ended.
public enum FetchOutcome: Sendable, Equatable {
    /// The final response was read whole (whatever its status).
    case complete
    /// The final response was read, but cut (raw) or not fully decoded.
    case truncated(TruncationReason?, DecodingLimit?)
    case failed(FetchFailure)
}
