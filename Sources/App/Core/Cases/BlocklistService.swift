import Exchange
import Fluent
import Foundation

/// The block list as providers get it: active block orders only, each with the decision it rests on.
enum BlocklistService {
    struct Rendered: Sendable {
        var body: String
        var etag: String
        var mediaType: String
        var serial: UInt32
    }

    static func current(on db: any Database, zone: String = Blocklist.defaultZone) async throws -> Blocklist {
        let orders = try await BlockOrder.query(on: db).filter(\.$status == BlockOrderStatus.active.rawValue)
            .sort(\.$id).all()
        let decisionIDs = Set(orders.map(\.courtDecisionID))
        let decisions = try await CourtDecision.query(on: db).filter(\.$id ~~ Array(decisionIDs)).all()
        let byID = Dictionary(decisions.compactMap { d in d.id.map { ($0, d) } }, uniquingKeysWith: { a, _ in a })
        var entries: [BlocklistEntry] = []
        for order in orders {
            // An order without its decision cannot be listed: the foreign key makes this unreachable.
            guard let decision = byID[order.courtDecisionID], let id = order.id,
                  let target = try? BlockTarget.parse(order.target)
            else { continue }
            entries.append(BlocklistEntry(orderID: String(id), target: target, decisionNumber: decision.number,
                                          court: decision.court, decisionDate: decision.decidedOn))
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
