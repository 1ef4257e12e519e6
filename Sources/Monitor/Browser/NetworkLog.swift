import Foundation

/// The browser's network events of one page, gathered into hops (one request and its response, or
/// its failure): a redirect ends a hop and starts the next under the same request id.
struct NetworkLog {
    struct Hop {
        var requestID: String
        var url: String
        var method: String
        var headers: [(name: String, value: String)]
        var resourceType: String
        var loaderID: String
        /// Seconds since 1970, as the browser stamped the request.
        var wallTime: Double
        /// The browser's monotonic clock, in seconds.
        var timestamp: Double
        var response: DevToolsValue?
        var responseTimestamp: Double?
        var finished: Double?
        var redirected = false
        var failure: String?
        /// Order in which hops ended (redirected, finished or failed).
        var completion: Int?
        /// Position among the hops of its request id, to pair the `…ExtraInfo` events.
        var position: Int
    }

    struct ExtraResponse {
        var headers: [(name: String, value: String)]
        var headersText: String?
    }

    private(set) var hops: [Hop] = []
    private var latest: [String: Int] = [:]
    private var hopCount: [String: Int] = [:]
    private(set) var sentHeaders: [String: [[(name: String, value: String)]]] = [:]
    private(set) var extraResponses: [String: [ExtraResponse]] = [:]
    private(set) var inFlight: Set<String> = []
    /// Bytes the browser received (still encoded), all requests together.
    private(set) var bytesReceived = 0
    private var completed = 0

    /// Only what travelled over HTTP is evidence of the network; `data:`, `blob:` and the like are part
    /// of the page that carried them.
    static func isNetworkURL(_ url: String) -> Bool {
        let lower = url.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// Applies one `Network.*` event; returns the index of a hop that just finished loading (its
    /// body can be asked for).
    mutating func apply(_ method: String, _ params: DevToolsValue) -> Int? {
        guard let requestID = params["requestId"]?.string else { return nil }
        switch method {
        case "Network.requestWillBeSent":
            guard let request = params["request"], let url = request["url"]?.string else { return nil }
            if let redirect = params["redirectResponse"], let index = latest[requestID] {
                hops[index].response = redirect
                hops[index].responseTimestamp = params["timestamp"]?.double
                hops[index].finished = params["timestamp"]?.double
                hops[index].redirected = true
                complete(index)
            }
            guard Self.isNetworkURL(url) else { return nil }
            let position = hopCount[requestID, default: 0]
            hopCount[requestID] = position + 1
            hops.append(Hop(
                requestID: requestID, url: url, method: request["method"]?.string ?? "GET",
                headers: Self.headers(request["headers"]), resourceType: params["type"]?.string ?? "Other",
                loaderID: params["loaderId"]?.string ?? "", wallTime: params["wallTime"]?.double ?? Date().timeIntervalSince1970,
                timestamp: params["timestamp"]?.double ?? 0, position: position))
            latest[requestID] = hops.count - 1
            inFlight.insert(requestID)
        case "Network.requestWillBeSentExtraInfo":
            sentHeaders[requestID, default: []].append(Self.headers(params["headers"]))
        case "Network.responseReceivedExtraInfo":
            extraResponses[requestID, default: []].append(
                ExtraResponse(headers: Self.headers(params["headers"]), headersText: params["headersText"]?.string))
        case "Network.responseReceived":
            guard let index = latest[requestID] else { return nil }
            hops[index].response = params["response"]
            hops[index].responseTimestamp = params["timestamp"]?.double
        case "Network.dataReceived":
            bytesReceived += max(params["encodedDataLength"]?.int ?? 0, params["dataLength"]?.int ?? 0)
        case "Network.loadingFinished":
            inFlight.remove(requestID)
            guard let index = latest[requestID], hops[index].completion == nil else { return nil }
            hops[index].finished = params["timestamp"]?.double
            complete(index)
            return index
        case "Network.loadingFailed":
            inFlight.remove(requestID)
            guard let index = latest[requestID], hops[index].completion == nil else { return nil }
            var reason = params["errorText"]?.string ?? "failed"
            if let blocked = params["blockedReason"]?.string { reason += " (blocked: \(blocked))" }
            if params["canceled"]?.bool == true, reason.isEmpty { reason = "canceled" }
            hops[index].failure = reason
            hops[index].finished = params["timestamp"]?.double
            complete(index)
        default:
            break
        }
        return nil
    }

    /// The last hop of a request id (the main document's request id is the navigation's loader id).
    func lastHop(of requestID: String) -> Int? { latest[requestID] }

    private mutating func complete(_ index: Int) {
        hops[index].completion = completed
        completed += 1
    }

    /// DevTools headers are an object; a header sent several times is one value joined by newlines.
    static func headers(_ value: DevToolsValue?) -> [(name: String, value: String)] {
        guard let object = value?.object else { return [] }
        var headers: [(name: String, value: String)] = []
        for name in object.keys.sorted() {
            guard let text = object[name]?.string else { continue }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                headers.append((name: name, value: String(line)))
            }
        }
        return headers
    }
}
