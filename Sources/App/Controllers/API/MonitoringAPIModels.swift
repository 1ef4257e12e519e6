import Foundation
import Vapor

/// Monitoring in the API: items (one version each), their capture, and candidate sources. Field
/// names are the OpenAPI document's; change both together.
struct ItemDTO: Content {
    struct Media: Content {
        var url: String
        var sha256: String?
        var size: Int?
        var content_type: String?
        var capture_id: Int?
        var error: String?
    }

    var id: Int
    var source_id: Int
    var item_key: String
    var version: Int
    var platform_id: String?
    var permalink: String?
    var author_handle: String?
    var title: String?
    var text: String
    var language: String?
    var published_at: String?
    var gone_at: String?
    var content_sha256: String?
    var capture_id: Int?
    var media: [Media]
    var created_at: String?

    init(_ item: Item) {
        id = item.id ?? 0
        source_id = item.sourceID
        item_key = item.itemKey
        version = item.version
        platform_id = item.platformID
        permalink = item.permalink
        author_handle = item.authorHandle
        title = item.title
        text = item.text
        language = item.language
        published_at = item.publishedAt.map(Formats.iso8601)
        gone_at = item.goneAt.map(Formats.iso8601)
        content_sha256 = item.contentSHA256
        capture_id = item.captureID
        media = StoredMedia.decodeList(item.media).map {
            Media(url: $0.url, sha256: $0.sha256, size: $0.size, content_type: $0.contentType,
                  capture_id: $0.captureID, error: $0.error)
        }
        created_at = item.createdAt.map(Formats.iso8601)
    }
}

/// An item with where its evidence lies and its other versions.
struct ItemDetailDTO: Content {
    var item: ItemDTO
    var capture: CaptureDTO?
    var versions: [ItemVersionDTO]
}

struct ItemVersionDTO: Content {
    var id: Int
    var version: Int
    var content_sha256: String?
    var gone_at: String?
    var created_at: String?
}

struct CaptureDTO: Content {
    var id: Int
    var url: String
    var fetched_at: String
    var http_status: Int?
    var ip: String?
    var content_type: String?
    var payload_sha256: String?
    var truncated: String?
    var error: String?
    var warc_file: String?
    var warc_offset: Int?
    var warc_length: Int?
    var record_id: String?
    /// The raw WARC record (HTML session; downloading it is audited).
    var record_url: String?

    init(_ c: Capture) {
        id = c.id ?? 0
        url = c.url
        fetched_at = Formats.iso8601(c.fetchedAt)
        http_status = c.httpStatus
        ip = c.ip
        content_type = c.contentType
        payload_sha256 = c.payloadSHA256
        truncated = c.truncated
        error = c.error
        warc_file = c.warcFile
        warc_offset = c.warcOffset
        warc_length = c.warcLength
        record_id = c.recordID
        record_url = c.warcFile == nil ? nil : "/captures/\(id)/record"
    }
}

struct CandidateDTO: Content {
    var id: Int
    var kind: String
    var identity: String
    var address: String
    var found_at: String
    var discovered_from_id: Int?
    var status: String
    var seen_count: Int
    var first_seen_at: String
    var last_seen_at: String
    var decided_at: String?
    var source_id: Int?

    init(_ c: SourceCandidate) {
        id = c.id ?? 0
        kind = c.kind
        identity = c.identity
        address = c.address
        found_at = c.foundAt
        discovered_from_id = c.discoveredFromID
        status = c.status
        seen_count = c.seenCount
        first_seen_at = Formats.iso8601(c.firstSeenAt)
        last_seen_at = Formats.iso8601(c.lastSeenAt)
        decided_at = c.decidedAt.map(Formats.iso8601)
        source_id = c.sourceID
    }
}
