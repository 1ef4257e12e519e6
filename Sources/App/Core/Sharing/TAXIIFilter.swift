import Foundation

/// The URL parameters of a TAXII 2.1 read (§3.4–3.6): `added_after`, `limit`, `next` and the
/// `match[...]` filters, parsed from the raw query string (Vapor's decoder reads `match[id]` as a
/// nested key). Everything is bounded; anything malformed is a 400 naming the parameter.
struct TAXIIFilter: Sendable, Equatable {
    enum Versions: Sendable, Equatable {
        case all
        /// `first`, `last` and exact `modified` timestamps, any combination (OR).
        case some(first: Bool, last: Bool, exact: [String])
    }

    var addedAfter: Date?
    var limit: Int = TAXIIFilter.defaultLimit
    /// The `exchange_objects` row the previous page ended on.
    var next: Int?
    var ids: [String] = []
    var types: [String] = []
    var versions: Versions = .some(first: false, last: true, exact: [])
    /// False when `match[spec_version]` names only versions we do not publish (every object is 2.1).
    var specVersionMatches = true

    static let defaultLimit = 100
    static let maxLimit = 1000
    static let maxValues = 100

    struct Invalid: Error, Equatable {
        var parameter: String
    }

    /// Reads a raw query string (`a=b&c=d`, percent-encoded). Repeated parameters are joined with
    /// commas, as TAXII lists are written.
    static func parse(_ query: String?) throws -> TAXIIFilter {
        var filter = TAXIIFilter()
        guard let query, !query.isEmpty else { return filter }
        guard query.utf8.count <= 16_384 else { throw Invalid(parameter: "query") }
        var values: [String: [String]] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(parts[0]) else { throw Invalid(parameter: "query") }
            guard let value = parts.count > 1 ? decode(parts[1]) : "" else { throw Invalid(parameter: key) }
            values[key, default: []].append(value)
        }
        func list(_ key: String) throws -> [String]? {
            guard let raw = values[key] else { return nil }
            let items = raw.joined(separator: ",").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            guard !items.isEmpty, items.count <= maxValues, items.allSatisfy({ $0.utf8.count <= 200 }) else {
                throw Invalid(parameter: key)
            }
            return items
        }
        if let raw = values["added_after"] {
            guard raw.count == 1, let date = TAXIITimestamp.parse(raw[0]) else { throw Invalid(parameter: "added_after") }
            filter.addedAfter = date
        }
        if let raw = values["limit"] {
            guard raw.count == 1, raw[0].count <= 9, let limit = Int(raw[0]), limit > 0 else {
                throw Invalid(parameter: "limit")
            }
            // A server may return fewer than asked for (§3.4); the client learns it from `more`.
            filter.limit = min(limit, maxLimit)
        }
        if let raw = values["next"] {
            guard raw.count == 1, raw[0].count <= 18, let row = Int(raw[0]), row > 0 else {
                throw Invalid(parameter: "next")
            }
            filter.next = row
        }
        if let ids = try list("match[id]") {
            guard ids.allSatisfy(isSTIXIdentifier) else { throw Invalid(parameter: "match[id]") }
            filter.ids = ids
        }
        if let types = try list("match[type]") {
            guard types.allSatisfy(isSTIXType) else { throw Invalid(parameter: "match[type]") }
            filter.types = types
        }
        if let versions = try list("match[version]") {
            if versions.contains("all") {
                filter.versions = .all
            } else {
                var first = false, last = false, exact: [String] = []
                for version in versions {
                    switch version {
                    case "first": first = true
                    case "last": last = true
                    default:
                        guard TAXIITimestamp.parse(version) != nil else { throw Invalid(parameter: "match[version]") }
                        exact.append(version)
                    }
                }
                filter.versions = .some(first: first, last: last, exact: exact)
            }
        }
        if let specs = try list("match[spec_version]") {
            filter.specVersionMatches = specs.contains("2.1")
        }
        return filter
    }

    private static func decode(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// `type--uuid`: lowercase letters, digits and hyphens, as STIX writes identifiers.
    static func isSTIXIdentifier(_ text: String) -> Bool {
        guard let separator = text.range(of: "--") else { return false }
        return isSTIXType(String(text[..<separator.lowerBound]))
            && UUID(uuidString: String(text[separator.upperBound...])) != nil
    }

    static func isSTIXType(_ text: String) -> Bool {
        (3...250).contains(text.utf8.count)
            && text.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }
}
