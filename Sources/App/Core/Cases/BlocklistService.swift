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

    /// The active orders and the serial they are at, read so that the two agree: the serial is read
    /// before and after the orders, and a change committed in between (which bumps it) means reading
    /// again. PostgreSQL's READ COMMITTED gives each statement its own snapshot, so a single pass could
    /// pair a new serial with the old orders, and a cached rendering would keep that pairing.
    static func current(on db: any Database, zone: String = Blocklist.defaultZone) async throws -> Blocklist {
        try await current(on: db, zone: zone, stateBefore: nil)
    }

    private static func current(on db: any Database, zone: String, stateBefore: State?) async throws -> Blocklist {
        guard let sql = db as? any SQLDatabase else { throw AppError(status: .internalServerError, message: "not SQL", literal: true) }
        var before = stateBefore
        for _ in 0..<5 {
            let first: State
            if let known = before { first = known } else { first = try await state(on: sql) }
            before = nil
            let entries = try await activeEntries(on: sql)
            let after = try await state(on: sql)
            guard after == first else { continue }
            do {
                return try Blocklist(entries: entries, serial: after.serial, zone: zone,
                                     generatedAt: Date(timeIntervalSince1970: after.changedAt.rounded(.down)))
            } catch {
                throw AppError.target(error, field: "zone")
            }
        }
        throw AppError(status: .serviceUnavailable, message: "blocklist.error.changing")
    }

    /// The serial and when it last changed.
    struct State: Equatable, Sendable {
        var serial: UInt32
        var changedAt: TimeInterval
    }

    static func state(on sql: any SQLDatabase) async throws -> State {
        struct Row: Decodable { var serial: Int; var changed_at: Date }
        guard let row = try await sql.raw("SELECT serial, changed_at FROM blocklist_state WHERE id = 1")
            .first(decoding: Row.self)
        else { return State(serial: 0, changedAt: 0) }
        return State(serial: UInt32(clamping: row.serial), changedAt: row.changed_at.timeIntervalSince1970)
    }

    private static func activeEntries(on sql: any SQLDatabase) async throws -> [BlocklistEntry] {
        // One joined read into plain values: at a thousand orders, Fluent models for orders and decisions
        // cost more than the rendering.
        struct Row: Decodable { var id: Int; var target: String; var number: String; var court: String; var decided_on: String }
        let rows = try await sql.raw("""
            SELECT b.id AS id, b.target AS target, d.number AS number, d.court AS court, d.decided_on AS decided_on \
            FROM block_orders b JOIN court_decisions d ON d.id = b.court_decision_id \
            WHERE b.status = \(bind: BlockOrderStatus.active.rawValue) ORDER BY b.id
            """).all(decoding: Row.self)
        var entries: [BlocklistEntry] = []
        for row in rows {
            // An order without its decision cannot be listed (the join leaves it out; the foreign key makes
            // it unreachable), nor one whose target no longer parses.
            guard let target = try? BlockTarget.parse(row.target) else { continue }
            entries.append(BlocklistEntry(orderID: String(row.id), target: target, decisionNumber: row.number,
                                          court: row.court, decisionDate: row.decided_on))
        }
        return entries
    }

    /// One format of the list. With a `cache`, a serial already rendered costs one small query.
    static func render(format name: String, zone: String = Blocklist.defaultZone, on db: any Database,
                       cache: BlocklistCache? = nil) async throws -> Rendered
    {
        guard let format = BlocklistFormats.named(name) else {
            throw AppError.invalid("format", "blocklist.error.format")
        }
        var known: State?
        if let cache, let sql = db as? any SQLDatabase {
            let state = try await state(on: sql)
            if let kept = await cache.rendering(format: format.name, zone: zone, serial: state.serial) { return kept }
            known = state
        }
        let list = try await current(on: db, zone: zone, stateBefore: known)
        let body = format.render(list)
        let rendered = Rendered(body: body, etag: BlocklistETag.of(body), mediaType: format.mediaType, serial: list.serial)
        await cache?.keep(rendered, format: format.name, zone: zone)
        return rendered
    }
}
