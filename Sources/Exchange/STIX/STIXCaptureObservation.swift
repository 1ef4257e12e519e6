import Foundation

/// A capture of a case as an `observed-data` of the address fetched and its domain: what was seen,
/// when. It is the observation an indicator's pattern must match (scripts/check-stix.py).
public struct STIXCapture: Sendable, Hashable {
    public var id: Int
    public var url: String
    public var fetchedAt: Date

    public init(id: Int, url: String, fetchedAt: Date) {
        self.id = id
        self.url = url
        self.fetchedAt = fetchedAt
    }

    public var subject: String { "capture:\(id)" }

    /// The host as block orders spell domains (lower case, IDNA), nil for an IP address or no host.
    public var domain: String? {
        guard let host = URLComponents(string: url)?.host, !host.isEmpty,
              !host.contains(":"), host.rangeOfCharacter(from: .letters) != nil else { return nil }
        return try? DomainName.normalize(host, minimumLabels: 1)
    }
}

extension STIXProducer {
    public static func urlObject(_ value: String) -> JSONValue {
        ["type": "url", "spec_version": "2.1", "id": .string(STIXIdentifiers.observable("url", contributing: ["value": .string(value)])),
         "value": .string(value)]
    }

    public static func domainObject(_ value: String) -> JSONValue {
        ["type": "domain-name", "spec_version": "2.1",
         "id": .string(STIXIdentifiers.observable("domain-name", contributing: ["value": .string(value)])),
         "value": .string(value)]
    }

    /// The observables first, then the observed-data referring to them.
    public func captureObjects(_ capture: STIXCapture) -> [JSONValue] {
        var observables = [Self.urlObject(capture.url)]
        if let domain = capture.domain { observables.append(Self.domainObject(domain)) }
        var observed = base("observed-data", id: ids.object("observed-data", capture.subject), created: capture.fetchedAt,
                            modified: capture.fetchedAt)
        let at = STIXTimestamp.string(capture.fetchedAt)
        observed["first_observed"] = .string(at)
        observed["last_observed"] = .string(at)
        observed["number_observed"] = 1
        observed["object_refs"] = .array(observables.compactMap { $0["id"] })
        return observables + [.object(observed)]
    }
}
