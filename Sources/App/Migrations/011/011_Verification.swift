import Fluent
import SQLKit

/// The networks table: which address ranges belong to which autonomous system and provider, so a
/// probe's measurements are attributed to the network it measured from (or as the probe declares).
struct CreateNetwork: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("networks")
            .field("id", .int, .identifier(auto: true))
            /// CIDR, IPv4 or IPv6 (`212.42.96.0/19`).
            .field("prefix", .string, .required)
            .field("asn", .int, .required)
            /// The provider's name as people know it.
            .field("name", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "prefix")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("networks").delete()
    }
}

/// A measurement probe: `kaiguul probe` running inside a provider's or a volunteer's network. It holds
/// its own token (only the SHA-256 is kept) and may download the signed block list and upload its own
/// measurements, nothing else.
struct CreateProbe: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("probes")
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            /// `provider` or `volunteer`.
            .field("kind", .string, .required)
            /// The network as declared when the probe was registered; nil: from the networks table by address.
            .field("asn", .int)
            .field("network_name", .string)
            .field("token_sha256", .string, .required)
            /// The token's first characters, to recognise it in lists.
            .field("token_prefix", .string, .required)
            .field("created_by", .int, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime)
            .field("disabled_at", .datetime)
            .unique(on: "token_sha256")
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("probes").delete()
    }
}

/// Every measurement of a block order's target and its verdict against a control. Written once, never
/// changed: compliance over time is read from these rows. `vantage` is `control` (Kaiguul's own resolver
/// and fetch), `resolver` (a configured provider resolver, queried from the server) or `probe`.
struct CreateMeasurement: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("measurements")
            .field("id", .int, .identifier(auto: true))
            .field("block_order_id", .int, .references("block_orders", "id"))
            .field("target", .string, .required)
            .field("vantage", .string, .required)
            .field("probe_id", .int, .references("probes", "id"))
            .field("resolver", .string)
            .field("asn", .int)
            .field("network_name", .string)
            .field("measured_at", .datetime, .required)
            .field("received_at", .datetime, .required)
            /// `BlockVerdict` raw value.
            .field("verdict", .string, .required)
            /// The recognised blockpage's id (`BlockpageFingerprint.id`), when there is one.
            .field("blockpage", .string)
            /// Why the verdict: short reasons, `; `-separated (`dns: NXDOMAIN vs control 127.0.0.2`).
            .field("reasons", .string, .required)
            /// The control measurement compared against; nil on control rows.
            .field("control_id", .int)
            /// The block list serial the probe measured from; nil for the server's own measurements.
            .field("list_serial", .int)
            /// The `SiteMeasurement` as JSON (wire form), bounded.
            .field("raw", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "measurements_order_time").on("measurements")
            .column("block_order_id").column("measured_at").run()
        try await sql.create(index: "measurements_network_time").on("measurements")
            .column("asn").column("measured_at").run()
        try await sql.create(index: "measurements_probe").on("measurements").column("probe_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("measurements").delete()
    }
}

/// Passive DNS of Kaiguul's own resolutions and captures: which names were seen on which addresses,
/// first and last. The collateral check reads it: who else shares an address a block would cut.
struct CreateDNSObservation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("dns_observations")
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("address", .string, .required)
            /// `resolution` (verification control) or `capture` (a capture's peer address).
            .field("origin", .string, .required)
            .field("first_seen", .datetime, .required)
            .field("last_seen", .datetime, .required)
            .field("seen_count", .int, .required)
            .unique(on: "name", "address", "origin")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "dns_observations_address").on("dns_observations").column("address").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("dns_observations").delete()
    }
}
