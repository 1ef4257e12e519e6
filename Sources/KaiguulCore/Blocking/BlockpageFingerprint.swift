import Foundation

/// A pattern that recognises a provider's or a state's blockpage in what a vantage saw: a response
/// header, the start of the body, or a DNS answer pointing at a known block server. The table is data
/// in the format of OONI's `blocking-fingerprints` (id, where, how, pattern), so entries found there
/// can be added as they are published.
public struct BlockpageFingerprint: Sendable, Hashable {
    public enum Location: Sendable, Hashable {
        /// The start of the body (`SiteMeasurement.HTTP.bodyExcerpt`).
        case body
        /// A response header, by lower-case name (`location`, `server`, `via`).
        case header(String)
        /// An address in the resolver's answer.
        case dns
    }

    public enum Match: String, Sendable, Hashable {
        case contains, prefix, full
    }

    public var id: String
    public var location: Location
    public var match: Match
    public var pattern: String
    /// ISO 3166 country where the blockpage is known to be served, when known.
    public var country: String?

    public init(id: String, location: Location, match: Match, pattern: String, country: String? = nil) {
        self.id = id; self.location = location; self.match = match; self.pattern = pattern; self.country = country
    }

    func matches(_ text: String) -> Bool {
        switch match {
        case .contains: text.contains(pattern)
        case .prefix: text.hasPrefix(pattern)
        case .full: text == pattern
        }
    }

    /// Whether the measurement shows this blockpage: in its HTTP response (every kept header and the
    /// body's start) or, for a DNS fingerprint, among its resolver's addresses.
    public func matches(_ measurement: SiteMeasurement) -> Bool {
        switch location {
        case .dns:
            return measurement.dns.addresses.contains(where: matches)
        case .header(let name):
            guard let value = measurement.http?.headers[name] else { return false }
            return matches(value)
        case .body:
            guard let body = measurement.http?.bodyExcerpt else { return false }
            return matches(body)
        }
    }

    /// The first fingerprint of `table` the measurement shows, if any.
    public static func recognise(_ measurement: SiteMeasurement, in table: [BlockpageFingerprint] = known)
        -> BlockpageFingerprint?
    {
        table.first { $0.matches(measurement) }
    }

    /// Blockpages known in Kyrgyzstan and its neighbours' shared networks, taken from OONI's
    /// `blocking-fingerprints` (`fingerprints_http.csv`; ids kept so a verdict can be traced back).
    public static let known: [BlockpageFingerprint] = [
        // Kyrgyzstan: a provider's redirect to its blockpage, and the judicial-decision page seen by Censored Planet.
        .init(id: "ooni.kg_0", location: .header("location"), match: .full,
              pattern: "http://homeline.kg/access/blockpage.html", country: "KG"),
        .init(id: "cp.c_isp_kg_elcat", location: .body, match: .contains,
              pattern: "<p class=\"error\">Access to the requested website has been blocked by judicial decision!</p>",
              country: "KG"),
        // Russian registry pages, served by providers that carry Russian transit to the region.
        .init(id: "ooni.ru_0", location: .body, match: .contains,
              pattern: "Доступ к сайту ограничен в соответствии с Федеральными законами", country: "RU"),
        .init(id: "ooni.ru_4", location: .body, match: .contains,
              pattern: "<h1>Доступ к запрашиваемому ресурсу закрыт.", country: "RU"),
        .init(id: "ooni.ru_5", location: .body, match: .contains, pattern: "http://eais.rkn.gov.ru/", country: "RU"),
        .init(id: "ooni.ru_6", location: .header("location"), match: .prefix, pattern: "http://warning.rt.ru",
              country: "RU"),
        .init(id: "ooni.by_3", location: .header("location"), match: .prefix, pattern: "https://vk.com/blank.php?rkn=",
              country: "RU"),
        // Filtering products seen anywhere.
        .init(id: "ooni.au_0", location: .body, match: .contains,
              pattern: "<title>Notification: Policy: URL Filtering</title>"),
        .init(id: "ooni.ae_0", location: .header("server"), match: .prefix, pattern: "Protected by WireFilter"),
    ]
}
