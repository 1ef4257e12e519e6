import Evidence
import Foundation

extension Capture {
    /// Points the row at a `resource` record (a screenshot, the DOM, a video file) and its `metadata`
    /// record. There is no request: `request_*` stay nil, and `record_digests` names `resource`
    /// instead of `response`, which is how a package tells which record type to expect at the offset.
    func place(_ written: ResourceCaptureRecords) {
        warcFile = written.resource.location.filename
        warcOffset = Int(written.resource.location.offset)
        warcLength = Int(written.resource.location.length)
        payloadSHA256 = written.resource.payloadDigest?.hex ?? ""
        recordID = written.resource.recordID
        metadataOffset = Int(written.metadata.location.offset)
        metadataLength = Int(written.metadata.location.length)
        recordDigests = Self.digestsJSON(written)
    }

    /// `{"metadata":"sha256:…","resource":"sha256:…"}`, as `CaptureRecorder.digestsJSON` does for exchanges.
    static func digestsJSON(_ records: ResourceCaptureRecords) -> String {
        "{\"metadata\":\"\(records.metadata.blockDigest.description)\","
            + "\"resource\":\"\(records.resource.blockDigest.description)\"}"
    }

    /// Whether the row's main record is a `resource` (no request, no HTTP head), from the digests it recorded.
    var isResourceRecord: Bool {
        guard let recordDigests else { return false }
        return recordDigests.contains("\"resource\":")
    }
}
