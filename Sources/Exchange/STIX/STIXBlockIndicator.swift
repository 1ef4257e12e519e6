import Foundation
import KaiguulCore

/// A block order as it leaves: an `indicator` whose pattern names the blocked domain or address,
/// valid from the order's issue, and, once a court lifted it, revoked with `valid_until` at the lift.
public struct STIXBlockOrder: Sendable, Hashable {
    public var id: Int
    /// `BlockTarget.canonical`.
    public var target: String
    public var issuedAt: Date
    public var liftedAt: Date?
    public var decision: STIXLegalBasis
    /// The decision that lifted the block, when there is one.
    public var reversal: STIXLegalBasis?
    /// The banned organisation the case names: the indicator `indicates` its threat actor.
    public var organizationID: Int?

    public init(id: Int, target: String, issuedAt: Date, liftedAt: Date?, decision: STIXLegalBasis,
                reversal: STIXLegalBasis?, organizationID: Int?) {
        self.id = id
        self.target = target
        self.issuedAt = issuedAt
        self.liftedAt = liftedAt
        self.decision = decision
        self.reversal = reversal
        self.organizationID = organizationID
    }

    public var subject: String { "block_order:\(id)" }

    /// A domain (any port the decision named: DNS blocks the host on every port) or an address.
    public var pattern: String {
        if let target = try? BlockTarget.parse(self.target), let domain = target.blockableDomain {
            return STIXPattern.domain(domain)
        }
        return STIXPattern.url(target)
    }
}

extension STIXProducer {
    public func indicatorID(blockOrder id: Int) -> String { ids.object("indicator", "block_order:\(id)") }
    public func threatActorID(organization id: Int) -> String { ids.object("threat-actor", "organization:\(id)") }

    /// The indicator and, when the case names an organisation, its `indicates` relationship.
    public func blockOrderObjects(_ order: STIXBlockOrder) -> [JSONValue] {
        let lifted = order.liftedAt
        var validUntil: String?
        if let lifted {
            // valid_until must lie after valid_from, even for an order lifted within the millisecond.
            let from = STIXTimestamp.string(order.issuedAt)
            let until = STIXTimestamp.string(lifted)
            validUntil = until > from ? until : STIXTimestamp.after(from)
        }
        var indicator = base("indicator", id: indicatorID(blockOrder: order.id), created: order.issuedAt,
                             modified: lifted ?? order.issuedAt)
        if let validUntil, indicator["modified"]!.stringValue! < validUntil { indicator["modified"] = .string(validUntil) }
        indicator["name"] = .string("Court-ordered block: \(order.target)")
        indicator["description"] = .string(
            "Blocked by order of \(order.decision.court), decision \(order.decision.number)"
                + (order.decision.date.map { " of \($0)" } ?? "") + (lifted == nil ? "." : "; the block was lifted."))
        indicator["indicator_types"] = ["malicious-activity"]
        indicator["pattern"] = .string(order.pattern)
        indicator["pattern_type"] = "stix"
        indicator["pattern_version"] = "2.1"
        indicator["valid_from"] = .string(STIXTimestamp.string(order.issuedAt))
        var references = [order.decision.externalReference()]
        var extra: [String: JSONValue] = [:]
        if let validUntil {
            indicator["valid_until"] = .string(validUntil)
            indicator["revoked"] = true
            if let reversal = order.reversal {
                references.append(reversal.externalReference(sourceName: STIXLegalBasis.reversalSourceName))
                extra["lifted_by"] = .object(reversal.extensionProperties)
            }
        }
        indicator["external_references"] = .array(references)
        indicator["extensions"] = legalExtension(order.decision, extra: extra)
        var objects: [JSONValue] = [.object(indicator)]
        if let organizationID = order.organizationID {
            var relationship = base("relationship", id: ids.object("relationship", "block_order:\(order.id):indicates"),
                                    created: order.issuedAt, modified: lifted ?? order.issuedAt)
            relationship["modified"] = indicator["modified"]
            relationship["relationship_type"] = "indicates"
            relationship["source_ref"] = indicator["id"]
            relationship["target_ref"] = .string(threatActorID(organization: organizationID))
            if lifted != nil { relationship["revoked"] = true }
            objects.append(.object(relationship))
        }
        return objects
    }
}
