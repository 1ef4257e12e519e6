import Foundation

/// Every active order as JSON, for machines: domain-, URL- and account-level entries with their decision.
public struct JSONFormat: BlocklistFormat {
    public let name = "json"
    public let mediaType = "application/json"
    public let fileExtension = "json"

    public init() {}

    struct Document: Encodable {
        let format = "kaiguul-blocklist"
        let version = 1
        let serial: UInt32
        let zone: String
        let generatedAt: String
        let entries: [Entry]

        enum CodingKeys: String, CodingKey {
            case format, version, serial, zone, entries
            case generatedAt = "generated_at"
        }
    }

    struct Entry: Encodable {
        let orderID: String
        let kind: String
        let target: String
        let domain: String?
        /// The port a site's decision named; the DNS lists block `domain` on every port.
        let port: Int?
        let platform: String?
        let handle: String?
        let decision: Decision

        enum CodingKeys: String, CodingKey {
            case orderID = "order_id"
            case kind, target, domain, port, platform, handle, decision
        }
    }

    struct Decision: Encodable {
        let number: String
        let court: String
        let date: String
    }

    public func render(_ list: Blocklist) -> String {
        let entries = list.sortedEntries.map { entry in
            var platform: String?
            var handle: String?
            if case .account(let p, let h) = entry.target {
                platform = p
                handle = h
            }
            return Entry(orderID: entry.orderID, kind: entry.kind.rawValue, target: entry.target.canonical,
                         domain: entry.target.blockableDomain, port: entry.target.port, platform: platform,
                         handle: handle,
                         decision: Decision(number: entry.decisionNumber, court: entry.court,
                                            date: entry.decisionDate))
        }
        let document = Document(serial: list.serial, zone: list.zone, generatedAt: list.generatedAtText,
                                entries: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail; an empty object is still valid JSON if it ever did.
        guard let data = try? encoder.encode(document), let text = String(data: data, encoding: .utf8) else {
            return "{}\n"
        }
        return text + "\n"
    }
}
