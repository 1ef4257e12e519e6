import Fluent

extension Capture {
    /// Inserts captures made by one recorder (their `jobSeq` numbers them uniquely) in batches, and
    /// returns their ids in the order given.
    static func insertBatch(_ rows: [Capture], on db: any Database) async throws -> [Int] {
        let columns = ["source_id", "url", "fetched_at", "http_status", "collector", "ip", "warc_file", "warc_offset",
                       "warc_length", "payload_sha256", "truncated", "error", "job_id", "job_attempt", "job_seq", "role",
                       "content_type", "record_id", "parent_capture_id", "request_offset", "request_length",
                       "metadata_offset", "metadata_length", "record_digests", "capture_mode"]
        let values: [[any Encodable & Sendable]] = rows.map { row in
            [row.sourceID, row.url, row.fetchedAt, row.httpStatus, row.collector, row.ip, row.warcFile, row.warcOffset,
             row.warcLength, row.payloadSHA256, row.truncated, row.error, row.jobID, row.jobAttempt, row.jobSeq,
             row.role, row.contentType, row.recordID, row.parentCaptureID, row.requestOffset, row.requestLength,
             row.metadataOffset, row.metadataLength, row.recordDigests, row.captureMode]
        }
        let ids = try await BatchInsert.insert(into: schema, columns: columns, rows: values, keyColumn: "job_seq",
                                               keyType: Int.self, on: db)
        return try rows.map { row in
            guard let seq = row.jobSeq, let id = ids[seq] else {
                throw AppError(status: .internalServerError, message: "capture without a sequence number", literal: true)
            }
            return id
        }
    }
}
