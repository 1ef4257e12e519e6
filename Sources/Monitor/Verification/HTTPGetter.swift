import Foundation
import KaiguulCore

/// The one HTTP GET of a measurement, through the guarded fetcher (address guard on every hop,
/// redirects, size and time limits): https first, http when https fails before any response.
struct HTTPGetter: Sendable {
    let configuration: MeasurerConfiguration

    /// Response headers kept for blockpage recognition.
    static let keptHeaders: Set<String> = [
        "server", "location", "via", "x-app-url", "content-type", "content-length", "x-squid-error", "x-cache",
        "set-cookie", "refresh", "x-powered-by",
    ]

    func get(_ urls: [String], resolver: any HostResolver) async -> SiteMeasurement.HTTP? {
        guard !urls.isEmpty else { return nil }
        let fetcher = Fetcher(configuration: configuration.fetcherConfiguration(), resolver: resolver)
        var last: SiteMeasurement.HTTP?
        for url in urls {
            let result = await fetcher.fetch(url)
            let measured = Self.read(result)
            last = measured
            if measured.status != nil { break }
        }
        await fetcher.shutdown()
        return last
    }

    static func read(_ result: FetchResult) -> SiteMeasurement.HTTP {
        let limit = SiteMeasurement.Limits.text
        var http = SiteMeasurement.HTTP(url: String(result.requestedURL.prefix(limit)))
        // Every hop's kept headers, the first hop's winning: a redirect to a blockpage shows in its Location.
        var headers: [String: String] = [:]
        for exchange in result.exchanges {
            for header in exchange.responseHeaders {
                let name = header.name.lowercased()
                guard keptHeaders.contains(name), headers[name] == nil,
                    headers.count < SiteMeasurement.Limits.headers
                else { continue }
                headers[name] = String(header.value.prefix(limit))
            }
        }
        http.headers = headers
        if let final = result.exchanges.last {
            http.url = String(final.url.prefix(limit))
            http.status = final.status
            http.bodyLength = final.body.count
            http.bodySHA256 = SHA256Digest.hex(final.body)
            let text = String(decoding: final.body, as: UTF8.self)
            http.bodyExcerpt = String(text.prefix(SiteMeasurement.Limits.bodyExcerpt))
            http.title = PageTitle.read(text).map { String($0.prefix(limit)) }
        }
        // A redirect whose next hop was refused still answered: the status is kept, the failure too.
        if let failure = result.failure { http.failure = String(failure.description.prefix(limit)) }
        return http
    }
}

/// The `<title>` of an HTML page, white space collapsed and the common entities undone.
enum PageTitle {
    static func read(_ html: String) -> String? {
        let lower = html.lowercased()
        guard let open = lower.range(of: "<title"), let end = lower[open.upperBound...].firstIndex(of: ">"),
            let close = lower[end...].range(of: "</title")
        else { return nil }
        let start = html.index(after: end)
        guard start <= close.lowerBound else { return nil }
        var title = String(html[start..<close.lowerBound])
        for (entity, character) in [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"),
                                    ("&nbsp;", " ")] {
            title = title.replacingOccurrences(of: entity, with: character)
        }
        let collapsed = title.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }
}
