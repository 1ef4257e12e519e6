import Foundation

/// The block list at one serial: what every format renders.
public struct Blocklist: Sendable, Hashable {
    public var entries: [BlocklistEntry]
    /// Grows on every change of the list; the RPZ SOA carries it (32 bits, as DNS serials are).
    public var serial: UInt32
    /// The RPZ zone's name, normalised (ASCII, no trailing dot).
    public let zone: String
    /// When the list last changed — not the time of the request, so that an unchanged list renders to
    /// the same bytes and keeps its ETag.
    public var generatedAt: Date

    public static let defaultZone = "rpz.kaiguul"

    public init(entries: [BlocklistEntry], serial: UInt32, zone: String = defaultZone, generatedAt: Date)
        throws(BlockTargetError)
    {
        self.entries = entries
        self.serial = serial
        self.zone = try DomainName.normalize(zone, minimumLabels: 1)
        self.generatedAt = generatedAt
    }

    /// The domains DNS-based formats carry: unique and sorted, so the output is stable.
    public var blockedDomains: [String] {
        Array(Set(entries.compactMap(\.target.blockableDomain))).sorted()
    }

    /// Entries in a stable order (by target, then order id) for the formats that list every entry.
    public var sortedEntries: [BlocklistEntry] {
        entries.sorted { ($0.target.canonical, $0.orderID) < ($1.target.canonical, $1.orderID) }
    }

    /// `2025-05-01T10:00:00Z`: whole seconds in UTC, the same on every machine.
    public var generatedAtText: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: generatedAt)
    }
}
