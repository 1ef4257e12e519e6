import Evidence
import Fluent
import Foundation

/// One fetch as it happened: where its WARC record is and the payload's SHA-256. Never updated.
// @unchecked Sendable: Fluent models are reference types mutated through property wrappers.
final class Capture: Model, @unchecked Sendable {
    static let schema = "captures"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @OptionalField(key: "source_id") var sourceID: Int?
    @Field(key: "url") var url: String
    @Field(key: "fetched_at") var fetchedAt: Date
    @OptionalField(key: "http_status") var httpStatus: Int?
    @Field(key: "collector") var collector: String
    @OptionalField(key: "ip") var ip: String?
    @OptionalField(key: "warc_file") var warcFile: String?
    @OptionalField(key: "warc_offset") var warcOffset: Int?
    @OptionalField(key: "warc_length") var warcLength: Int?
    @OptionalField(key: "payload_sha256") var payloadSHA256: String?
    /// `WARC-Truncated` reason (`length`, `time`, …) or a decoding limit; nil when whole.
    @OptionalField(key: "truncated") var truncated: String?
    /// Why the fetch failed; nil when a response was read.
    @OptionalField(key: "error") var error: String?
    @OptionalField(key: "job_id") var jobID: Int?
    @OptionalField(key: "job_attempt") var jobAttempt: Int?
    @OptionalField(key: "job_seq") var jobSeq: Int?
    @OptionalField(key: "role") var role: String?
    @OptionalField(key: "content_type") var contentType: String?
    @OptionalField(key: "record_id") var recordID: String?
    @OptionalField(key: "parent_capture_id") var parentCaptureID: Int?
    /// The `request` and `metadata` records written with the response (same file); nil on
    /// captures made before they were kept, and on resource (media) captures, which have no request.
    @OptionalField(key: "request_offset") var requestOffset: Int?
    @OptionalField(key: "request_length") var requestLength: Int?
    @OptionalField(key: "metadata_offset") var metadataOffset: Int?
    @OptionalField(key: "metadata_length") var metadataLength: Int?
    /// JSON object: record type → `WARC-Block-Digest` (`sha256:…`), as written.
    @OptionalField(key: "record_digests") var recordDigests: String?
    /// `CaptureMode` the capture was made with; nil on captures made before modes existed (all `http`).
    @OptionalField(key: "capture_mode") var captureMode: String?

    init() {}
}

extension Capture {
    /// Points the row at the three records just written for it, with their block digests.
    func place(_ written: HTTPCaptureRecords) {
        warcFile = written.location.filename
        warcOffset = Int(written.location.offset)
        warcLength = Int(written.location.length)
        payloadSHA256 = written.payloadSHA256
        recordID = written.response.recordID
        requestOffset = Int(written.request.location.offset)
        requestLength = Int(written.request.location.length)
        metadataOffset = Int(written.metadata.location.offset)
        metadataLength = Int(written.metadata.location.length)
        recordDigests = CaptureRecorder.digestsJSON(written)
    }
}
