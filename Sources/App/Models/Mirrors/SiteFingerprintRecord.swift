import Fluent
import Foundation

/// A site's fingerprint from one of its captures (`site_fingerprints`), compared to find mirrors.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class SiteFingerprintRecord: Model, @unchecked Sendable {
    static let schema = "site_fingerprints"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "host") var host: String
    @OptionalField(key: "capture_id") var captureID: Int?
    @OptionalField(key: "case_id") var caseID: Int?
    @OptionalField(key: "favicon_mmh3") var faviconMMH3: Int?
    @OptionalField(key: "favicon_sha256") var faviconSHA256: String?
    /// JSON array of `kind:id`.
    @Field(key: "tracker_ids") var trackerIDs: String
    @OptionalField(key: "title") var title: String?
    @OptionalField(key: "text_minhash") var textMinHash: String?
    @OptionalField(key: "logo_pdq") var logoPDQ: String?
    @OptionalField(key: "screenshot_pdq") var screenshotPDQ: String?
    /// JSON array of DNS names.
    @Field(key: "tls_names") var tlsNames: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
