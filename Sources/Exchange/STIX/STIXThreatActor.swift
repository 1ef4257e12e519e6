import Foundation

/// A banned organisation as a `threat-actor`. STIX's `threat-actor-type-ov` has `terrorist` but no
/// word for an organisation a court found extremist, and an open-vocabulary value of our own would
/// mean nothing to a consumer: so a terrorist designation says `terrorist`, an extremist one leaves
/// `threat_actor_types` out, and the designation itself always travels in the legal-basis extension.
public struct STIXOrganization: Sendable, Hashable {
    public var id: Int
    public var nameEn: String
    public var nameRu: String
    public var nameKy: String
    public var aliases: [String]
    /// `extremist` or `terrorist`.
    public var designation: String
    public var decision: STIXLegalBasis
    /// The ban was lifted: the threat actor is revoked.
    public var lifted: Bool
    public var createdAt: Date
    public var updatedAt: Date?

    public init(id: Int, nameEn: String, nameRu: String, nameKy: String, aliases: [String], designation: String,
                decision: STIXLegalBasis, lifted: Bool, createdAt: Date, updatedAt: Date?) {
        self.id = id
        self.nameEn = nameEn
        self.nameRu = nameRu
        self.nameKy = nameKy
        self.aliases = aliases
        self.designation = designation
        self.decision = decision
        self.lifted = lifted
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var subject: String { "organization:\(id)" }
}

extension STIXProducer {
    public func threatActor(_ org: STIXOrganization) -> JSONValue {
        var object = base("threat-actor", id: threatActorID(organization: org.id), created: org.createdAt,
                          modified: org.updatedAt ?? org.createdAt)
        let names = [org.nameEn, org.nameRu, org.nameKy].filter { !$0.isEmpty }
        let name = names.first ?? "Organisation \(org.id)"
        object["name"] = .string(name)
        var seen: Set<String> = [name]
        let aliases = (names + org.aliases).filter { !$0.isEmpty && seen.insert($0).inserted }
        if !aliases.isEmpty { object["aliases"] = .strings(aliases) }
        if org.designation == "terrorist" { object["threat_actor_types"] = ["terrorist"] }
        object["description"] = .string("Organisation banned as \(org.designation) by court decision \(org.decision.number).")
        object["external_references"] = [org.decision.externalReference()]
        var basis = org.decision
        basis.designation = org.designation
        object["extensions"] = legalExtension(basis)
        if org.lifted { object["revoked"] = true }
        return .object(object)
    }
}
