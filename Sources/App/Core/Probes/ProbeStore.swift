import Fluent
import Vapor

/// Probes and their tokens. A probe is registered by an admin, who sees its token once; only the
/// token's SHA-256 is kept. A probe is never deleted: its measurements keep pointing at it. Disabling
/// one refuses its token at once.
enum ProbeStore {
    static let tokenPrefix = "kgp_"

    enum Kind: String, CaseIterable, Sendable {
        case provider, volunteer
    }

    struct Input: Sendable {
        var name: String?
        var kind: String?
        var asn: String?
        var networkName: String?
    }

    /// Validates every field before anything is written; returns the probe's id and its token (shown once).
    static func register(_ input: Input, actor: AuditActor, app: Application) async throws -> (id: Int, token: String) {
        var errors: [String: AppError] = [:]
        let name = FieldRules.line(input.name, field: "name", max: 100, into: &errors)
        let kind = FieldRules.choice(input.kind, Kind.self, field: "kind", into: &errors)
        let asnText = (input.asn ?? "").trimmingCharacters(in: .whitespaces)
        let asn = asnText.isEmpty ? nil : NetworkStore.asn(asnText, field: "asn", into: &errors)
        let networkName = FieldRules.line(input.networkName, field: "network_name", max: 200, required: false,
                                          into: &errors)
        if asn == nil, !networkName.isEmpty, errors["asn"] == nil {
            // A name without its ASN cannot be grouped on the compliance pages.
            errors["asn"] = .invalid("asn", "probes.error.asn_with_name")
        }
        guard errors.isEmpty, let kind else { throw FormErrors(errors: errors) }
        let token = tokenPrefix + Token.random(bytes: 32)
        let id: Int = try await app.write { db in
            if try await Probe.query(on: db).filter(\.$name == name).first() != nil {
                throw FormErrors(errors: ["name": AppError(status: .conflict, message: "probes.error.name_taken",
                                                           field: "name")])
            }
            let probe = Probe()
            probe.name = name
            probe.kind = kind.rawValue
            probe.asn = asn
            probe.networkName = asn == nil ? nil : (networkName.isEmpty ? nil : networkName)
            probe.tokenSHA256 = Token.sha256Hex(token)
            probe.tokenPrefix = String(token.prefix(tokenPrefix.count + 6))
            probe.createdBy = actor.id
            probe.createdAt = Date()
            try await probe.create(on: db)
            let id = try probe.requireID()
            var details = ["name": name, "kind": kind.rawValue, "token_prefix": probe.tokenPrefix]
            if let asn { details["asn"] = String(asn) }
            if let n = probe.networkName { details["network_name"] = n }
            try await AuditLog.append(on: db, actor: actor, action: "probe.create", objectType: "probe",
                                      objectID: String(id), details: details)
            return id
        }
        return (id, token)
    }

    static func disable(_ id: Int, actor: AuditActor, app: Application) async throws {
        try await app.write { db in
            guard let probe = try await Probe.find(id, on: db) else { throw AppError.notFound }
            guard probe.disabledAt == nil else { return }
            probe.disabledAt = Date()
            try await probe.update(on: db)
            try await AuditLog.append(on: db, actor: actor, action: "probe.disable", objectType: "probe",
                                      objectID: String(id), details: ["name": probe.name])
        }
    }

    /// The enabled probe holding `token`, or nil. Compared by the token's digest, so the lookup
    /// itself reveals nothing about how much of a guess was right.
    static func probe(forToken token: String?, on db: any Database) async throws -> Probe? {
        guard let token = token?.trimmingCharacters(in: .whitespaces), token.hasPrefix(tokenPrefix),
              (10...200).contains(token.count) else { return nil }
        let digest = Token.sha256Hex(token)
        guard let probe = try await Probe.query(on: db).filter(\.$tokenSHA256 == digest).first(),
              Token.constantTimeEqual(probe.tokenSHA256, digest)
        else { return nil }
        return probe
    }
}
