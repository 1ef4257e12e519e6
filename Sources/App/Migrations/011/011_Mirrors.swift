import Fluent
import SQLKit

/// A site's fingerprint, taken from one of its captures: what a mirror under another name would share
/// (favicon hash as Shodan computes it, analytics and advertising IDs, title and text MinHash, PDQ of
/// logo and screenshot, TLS certificate names). Rows are written once; a page whose content changed gives
/// a new row, an unchanged page checked again reuses the row of its content (`SiteFingerprints.existing`).
struct CreateSiteFingerprint: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("site_fingerprints")
            .field("id", .int, .identifier(auto: true))
            /// The host, lower-case, Punycode.
            .field("host", .string, .required)
            .field("capture_id", .int, .references("captures", "id"))
            /// Set when the site is the target of a case (blocked sites' fingerprints are matched against).
            .field("case_id", .int, .references("cases", "id"))
            /// MurmurHash3 x86 32-bit (signed) of the base64 favicon, with its line breaks, as Shodan's `http.favicon.hash`.
            .field("favicon_mmh3", .int)
            .field("favicon_sha256", .string)
            /// JSON array of `kind:id` (`ga:UA-1234-1`, `gtm:GTM-ABCD`, `ym:12345`, `adsense:ca-pub-…`, `fbq:…`).
            .field("tracker_ids", .string, .required)
            .field("title", .string)
            /// The text's MinHash signature, hex of the little-endian 32-bit values.
            .field("text_minhash", .string)
            .field("logo_pdq", .string)
            .field("screenshot_pdq", .string)
            /// JSON array of the TLS certificate's DNS names.
            .field("tls_names", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "site_fingerprints_host").on("site_fingerprints").column("host").run()
        try await sql.create(index: "site_fingerprints_favicon").on("site_fingerprints").column("favicon_mmh3").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("site_fingerprints").delete()
    }
}

/// Whether a court decision's wording reaches mirrors and copies of what it names ("and other
/// addresses carrying the same material"), recorded by legal. A mirror case says which it is.
struct UpdateCourtDecisionAddCoversMirrors: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("court_decisions")
            .field("covers_mirrors", .bool, .required, .sql(.default(SQLLiteral.boolean(false))))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("court_decisions").deleteField("covers_mirrors").update()
    }
}
