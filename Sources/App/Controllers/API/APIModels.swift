import Foundation
import Vapor

/// What the API returns. Field names are the OpenAPI document's; change both together.
struct OrganizationDTO: Content {
    var id: Int
    var name_ky: String
    var name_ru: String
    var name_en: String
    var aliases: [String]
    var designation: String
    var court: String
    var decision_number: String
    var decision_date: String?
    var status: String
    var notes: String
    var created_at: String?
    var updated_at: String?

    init(_ o: Organization) {
        id = o.id ?? 0
        name_ky = o.nameKy
        name_ru = o.nameRu
        name_en = o.nameEn
        aliases = o.aliasList
        designation = o.designation
        court = o.court
        decision_number = o.decisionNumber
        decision_date = o.decisionDate
        status = o.status
        notes = o.notes
        created_at = o.createdAt.map(Formats.iso8601)
        updated_at = o.updatedAt.map(Formats.iso8601)
    }
}

struct RegionDTO: Content {
    var id: Int
    var code: String
    var kind: String
    var name_ky: String
    var name_ru: String
    var name_en: String

    init(_ r: Region) {
        id = r.id ?? 0
        code = r.code
        kind = r.kind
        name_ky = r.nameKy
        name_ru = r.nameRu
        name_en = r.nameEn
    }
}

struct SourceDTO: Content {
    var id: Int
    var kind: String
    var address: String
    var identity: String
    var title: String
    var region_id: Int?
    var organization_id: Int?
    var check_interval_minutes: Int
    var status: String
    var found_by: String
    var notes: String
    var capture_mode: String
    var last_checked_at: String?
    var next_check_at: String?
    var created_at: String?

    init(_ s: Source) {
        id = s.id ?? 0
        kind = s.kind
        address = s.address
        identity = s.identity
        title = s.title
        region_id = s.$region.id
        organization_id = s.$organization.id
        check_interval_minutes = s.checkIntervalMinutes
        status = s.status
        found_by = s.foundBy
        notes = s.notes
        capture_mode = s.captureMode
        last_checked_at = s.lastCheckedAt.map(Formats.iso8601)
        next_check_at = s.nextCheckAt.map(Formats.iso8601)
        created_at = s.createdAt.map(Formats.iso8601)
    }
}

struct Page<T: Content>: Content {
    var items: [T]
    var total: Int
    var page: Int
    var per_page: Int
}

extension Response {
    /// JSON with slashes left readable and keys in a stable order.
    static func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let response = Response(status: status, body: .init(data: try encoder.encode(value)))
        response.headers.contentType = .json
        return response
    }
}
