import Foundation

/// A MISP feed directory: `manifest.json` (every event's summary by uuid), `hashes.csv` (MD5 of each
/// attribute value, then the event's uuid: how MISP finds overlaps without loading events) and one
/// `<uuid>.json` per event.
public struct MISPFeed: Sendable {
    public var org: MISPEvent.Organisation
    public var events: [MISPEvent]

    public init(org: MISPEvent.Organisation, events: [MISPEvent]) {
        self.org = org
        self.events = events.sorted { $0.uuid < $1.uuid }
    }

    public var manifest: JSONValue {
        .object(Dictionary(events.map { ($0.uuid, $0.manifestEntry(org: org)) }) { a, _ in a })
    }

    public var hashesCSV: String {
        events.flatMap { event in event.valueHashes.map { "\($0),\(event.uuid)\n" } }.joined()
    }

    public func event(uuid: String) -> MISPEvent? { events.first { $0.uuid == uuid.lowercased() } }

    /// Every file of the feed by name.
    public var files: [(name: String, data: Data)] {
        [("manifest.json", manifest.canonicalData), ("hashes.csv", Data(hashesCSV.utf8))]
            + events.map { ("\($0.uuid).json", $0.feedJSON(org: org).canonicalData) }
    }
}
