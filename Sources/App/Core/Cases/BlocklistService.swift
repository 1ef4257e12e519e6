import Exchange
import Fluent
import Foundation
import SQLKit

/// The block list as providers get it: active block orders only, each with the decision it rests on.
enum BlocklistService {
    struct Rendered: Sendable {
        var body: String
        var etag: String
        var mediaType: String
        var serial: UInt32
    }

    static func current(on db: any Database, zone: String = Blocklist.defaultZone) async throws -> Blocklist {
        // One joined read into plain values: at a thousand orders, Fluent models for orders and decisions
        // cost more than the rendering.
        struct Row: Decodable { var id: Int; var target: String; var number: String; var court: String; var decided_on: String }
        var entries: [BlocklistEntry] = []
        guard let sql = db as? any SQLDatabase else { throw AppError(status: .internalServerError, message: "not SQL", literal: true) }
        let rows = try await sql.raw("""
            SELECT b.id AS id, b.target AS target, d.number AS number, d.court AS court, d.decided_on AS decided_on \
            FROM block_orders b JOIN court_decisions d ON d.id = b.court_decision_id \
            WHERE b.status = \(bind: BlockOrderStatus.active.rawValue) ORDER BY b.id
            """).all(decoding: Row.self)
        for row in rows {
            // An order without its decision cannot be listed (the join leaves it out; the foreign key makes
            // it unreachable), nor one whose target no longer parses.
            guard let target = try? BlockTarget.parse(row.target) else { continue }
            entries.append(BlocklistEntry(orderID: String(row.id), target: target, decisionNumber: row.number,
                                          court: row.court, decisionDate: row.decided_on))
        }
        let state = try await BlocklistState.find(1, on: db)
        let serial = UInt32(clamping: state?.serial ?? 0)
        let changedAt = state?.changedAt ?? Date(timeIntervalSince1970: 0)
        do {
            return try Blocklist(entries: entries, serial: serial, zone: zone,
                                 generatedAt: Date(timeIntervalSince1970: changedAt.timeIntervalSince1970.rounded(.down)))
        } catch {
            throw AppError.target(error, field: "zone")
        }
    }

    static func render(format name: String, zone: String = Blocklist.defaultZone, on db: any Database) async throws
        -> Rendered
    {
        guard let format = BlocklistFormats.named(name) else {
            throw AppError.invalid("format", "blocklist.error.format")
        }
        let list = try await current(on: db, zone: zone)
        let body = format.render(list)
        return Rendered(body: body, etag: BlocklistETag.of(body), mediaType: format.mediaType, serial: list.serial)
    }
}
