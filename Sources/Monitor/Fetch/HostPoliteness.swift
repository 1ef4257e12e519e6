/// Per-host manners: at most `maximumConcurrent` requests in flight to a host, and their starts at
/// least `minimumDelay` apart. Shared by every fetch of one process.
public actor HostPoliteness {
    private struct HostState {
        var active = 0
        var nextStart: ContinuousClock.Instant?
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    public let minimumDelay: Duration
    public let maximumConcurrent: Int
    private var hosts: [String: HostState] = [:]
    private let clock = ContinuousClock()

    public init(minimumDelay: Duration, maximumConcurrent: Int) {
        self.minimumDelay = minimumDelay
        self.maximumConcurrent = max(1, maximumConcurrent)
    }

    /// Waits for a free slot, reserves the next start time, and returns it; the caller sleeps until
    /// then and must call `release(host:)` when done.
    public func acquire(host: String) async -> ContinuousClock.Instant {
        while (hosts[host]?.active ?? 0) >= maximumConcurrent {
            await withCheckedContinuation { continuation in
                hosts[host, default: HostState()].waiters.append(continuation)
            }
        }
        var state = hosts[host, default: HostState()]
        state.active += 1
        let now = clock.now
        let start = max(now, state.nextStart ?? now)
        state.nextStart = start.advanced(by: minimumDelay)
        hosts[host] = state
        return start
    }

    public func release(host: String) {
        guard var state = hosts[host] else { return }
        state.active = max(0, state.active - 1)
        if !state.waiters.isEmpty {
            state.waiters.removeFirst().resume()
        }
        // Forget idle hosts whose delay has passed, so the table does not grow with the crawl.
        if state.active == 0, state.waiters.isEmpty, let next = state.nextStart, next <= clock.now {
            hosts[host] = nil
        } else {
            hosts[host] = state
        }
    }

    /// Runs `body` inside the host's limits.
    public nonisolated func run<T: Sendable>(host: String, _ body: @Sendable () async -> T) async -> T {
        let start = await acquire(host: host)
        try? await Task.sleep(until: start, clock: .continuous)
        let result = await body()
        await release(host: host)
        return result
    }
}
