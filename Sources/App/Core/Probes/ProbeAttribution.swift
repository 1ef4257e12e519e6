import Foundation

/// Which network a probe's measurements count for. What an admin registered wins: a probe cannot
/// move itself into another provider's figures. Else the networks table by the address the upload
/// came from, and only then what the probe declares (a volunteer's probe on a network nobody listed).
enum ProbeAttribution {
    struct Attributed: Sendable, Equatable {
        var asn: Int?
        var networkName: String?
        /// `registered`, `table`, `declared` or `none`: kept in the audit row.
        var source: String
    }

    static func attribute(registeredASN: Int?, registeredName: String?, declaredASN: Int?, declaredName: String?,
                          address: String, table: NetworkTable) throws -> Attributed {
        if let registeredASN {
            if let declaredASN, declaredASN != registeredASN {
                throw AppError.invalid("asn", "probes.error.asn_mismatch", ["asn": String(registeredASN)])
            }
            return Attributed(asn: registeredASN, networkName: registeredName, source: "registered")
        }
        if let found = table.network(of: address) {
            return Attributed(asn: found.asn, networkName: found.name, source: "table")
        }
        if let declaredASN {
            return Attributed(asn: declaredASN, networkName: declaredName, source: "declared")
        }
        return Attributed(asn: nil, networkName: nil, source: "none")
    }
}
