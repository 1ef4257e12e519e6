import Fluent
import FluentSQL
import Foundation
import SQLKit

/// What the materials and distributions lists show: one page at a time, searched and filtered,
/// and only what the viewer may see (a volunteer: approved materials, and the distributions to
/// the groups they belong to).
enum DistributionLists {
    /// The languages a material may be in (the same list the material form accepts).
    static let languageCodes = ["ky", "ru", "en", "kk", "uz", "tg"]
    /// Search runs in Swift over titles (Cyrillic case folding is not the same in SQLite and
    /// PostgreSQL); this bounds how many titles one search reads.
    static let searchScanLimit = 20_000

    // MARK: materials

    static let materialFilters: [ListQuery.Filter] = [
        .init("kind", label: "material.kind", .oneOf(CounterMaterialKind.allCases.map(\.rawValue))),
        .init("status", label: "material.status", .oneOf(CounterMaterialStatus.allCases.map(\.rawValue))),
        .init("language", label: "material.language", .oneOf(languageCodes)),
    ]

    static func materials(_ query: ListQuery, approvedOnly: Bool, on db: any Database) async throws
        -> (rows: [CounterMaterial], total: Int)
    {
        let base = CounterMaterial.query(on: db)
        if approvedOnly { base.filter(\.$status == CounterMaterialStatus.approved.rawValue) }
        if !query["kind"].isEmpty { base.filter(\.$kind == query["kind"]) }
        if !query["status"].isEmpty { base.filter(\.$status == query["status"]) }
        if !query["language"].isEmpty {
            // Stored as "ky,ru": the code is matched as a whole item of the list.
            base.filter(.sql(embed: "(',' || \(ident: "languages") || ',') LIKE \(bind: "%," + query["language"] + ",%")"))
        }
        if !query.q.isEmpty {
            let ids = try await materialIDs(matching: query.q, on: db)
            if ids.isEmpty { return ([], 0) }
            base.filter(\.$id ~~ ids)
        }
        let total = try await base.copy().count()
        let rows = try await base.sort(\.$id, .descending).range(query.paging.offset..<(query.paging.offset + query.paging.perPage)).all()
        return (rows, total)
    }

    /// Materials whose title or topics contain `text`, case-insensitively in any script.
    static func materialIDs(matching text: String, on db: any Database) async throws -> [Int] {
        let needle = Search.fold(text)
        let all = try await CounterMaterial.query(on: db).field(\.$id).field(\.$title).field(\.$topics)
            .limit(searchScanLimit).all()
        return all.compactMap { m in
            Search.fold(m.title).contains(needle) || Search.fold(m.topics).contains(needle) ? m.id : nil
        }
    }

    // MARK: distributions

    /// `groups` and `materials` are the ones the page offers in its filter form: a value outside
    /// them is reported, not taken as "no rows".
    static func distributionFilters(groups: [VolunteerGroup], materials: [CounterMaterial]) -> [ListQuery.Filter] {
        [
            .init("group", label: "distribution.group", .oneOf(groups.compactMap { $0.id.map(String.init) })),
            .init("material", label: "material.title", .oneOf(materials.compactMap { $0.id.map(String.init) })),
            .init("from", label: "distribution.from", .day),
            .init("to", label: "distribution.to", .day),
            .init("shared", label: "distribution.shared_filter", .oneOf(["yes", "no"])),
        ]
    }

    struct Row: Sendable {
        var distribution: Distribution
        var clicks: Int
        var confirmations: Int
        var confirmedByMe: Bool
    }

    /// `groups`: nil for every distribution, else only those to these groups. `shared` means
    /// "shared by me" for a viewer who confirms (`confirmer`), "shared by someone" for the rest.
    static func distributions(_ query: ListQuery, groups: Set<Int>?, viewerID: Int, confirmer: Bool,
                              on db: any Database) async throws -> (rows: [Row], total: Int)
    {
        let base = Distribution.query(on: db)
        if let groups {
            if groups.isEmpty { return ([], 0) }
            base.filter(\.$group.$id ~~ Array(groups))
        }
        if let group = query.id("group") { base.filter(\.$group.$id == group) }
        if let material = query.id("material") { base.filter(\.$material.$id == material) }
        if !query["from"].isEmpty { base.filter(\.$distributedOn >= query["from"]) }
        if !query["to"].isEmpty { base.filter(\.$distributedOn <= query["to"]) }
        switch (query["shared"], confirmer) {
        case ("yes", true):
            base.filter(.sql(embed: "\(ident: "id") IN (SELECT distribution_id FROM distribution_confirmations WHERE user_id = \(bind: viewerID))"))
        case ("no", true):
            base.filter(.sql(embed: "\(ident: "id") NOT IN (SELECT distribution_id FROM distribution_confirmations WHERE user_id = \(bind: viewerID))"))
        case ("yes", false): base.filter(\.$confirmedAt != nil)
        case ("no", false): base.filter(\.$confirmedAt == nil)
        default: break
        }
        if !query.q.isEmpty {
            let needle = query.q
            let materialIDs = try await materialIDs(matching: needle, on: db)
            let folded = Search.fold(needle)
            let groupIDs = try await VolunteerGroup.query(on: db).field(\.$id).field(\.$name).limit(searchScanLimit).all()
                .compactMap { Search.fold($0.name).contains(folded) ? $0.id : nil }
            let code = needle.split(separator: "/").last.map(String.init) ?? needle
            base.group(.or) { or in
                if !materialIDs.isEmpty { or.filter(\.$material.$id ~~ materialIDs) }
                if !groupIDs.isEmpty { or.filter(\.$group.$id ~~ groupIDs) }
                or.filter(\.$code == code)
            }
        }
        let total = try await base.copy().count()
        let page = try await base.with(\.$material).with(\.$group)
            .sort(\.$distributedOn, .descending).sort(\.$id, .descending)
            .range(query.paging.offset..<(query.paging.offset + query.paging.perPage)).all()
        return (try await rows(page, viewerID: viewerID, on: db), total)
    }

    /// Clicks and confirmations of these distributions only (never the whole table).
    static func rows(_ page: [Distribution], viewerID: Int, on db: any Database) async throws -> [Row] {
        let ids = page.compactMap(\.id)
        guard !ids.isEmpty, let sql = db as? any SQLDatabase else {
            return page.map { Row(distribution: $0, clicks: 0, confirmations: 0, confirmedByMe: false) }
        }
        struct Count: Decodable { var distribution_id: Int; var n: Int }
        let clicks = try await sql.raw("""
            SELECT distribution_id, SUM(count) AS n FROM link_clicks WHERE distribution_id IN (\(binds: ids))
            GROUP BY distribution_id
            """).all(decoding: Count.self)
        let confirmations = try await sql.raw("""
            SELECT distribution_id, COUNT(*) AS n FROM distribution_confirmations WHERE distribution_id IN (\(binds: ids))
            GROUP BY distribution_id
            """).all(decoding: Count.self)
        struct Mine: Decodable { var distribution_id: Int }
        let mine = Set(try await sql.raw("""
            SELECT distribution_id FROM distribution_confirmations WHERE user_id = \(bind: viewerID)
            AND distribution_id IN (\(binds: ids))
            """).all(decoding: Mine.self).map(\.distribution_id))
        let clickBy = Dictionary(clicks.map { ($0.distribution_id, $0.n) }, uniquingKeysWith: +)
        let confirmedBy = Dictionary(confirmations.map { ($0.distribution_id, $0.n) }, uniquingKeysWith: +)
        return page.map { d in
            let id = d.id ?? 0
            return Row(distribution: d, clicks: clickBy[id] ?? 0, confirmations: confirmedBy[id] ?? 0,
                       confirmedByMe: mine.contains(id))
        }
    }

    /// The groups a signed-in volunteer belongs to, through the volunteer record linked to the login.
    static func memberGroups(userID: Int, on db: any Database) async throws -> Set<Int> {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable { var group_id: Int }
        let rows = try await sql.raw("""
            SELECT gm.group_id FROM group_members gm JOIN volunteers v ON v.id = gm.volunteer_id WHERE v.user_id = \(bind: userID)
            """).all(decoding: Row.self)
        return Set(rows.map(\.group_id))
    }

    /// What a volunteer still has to share: approved materials sent to their groups that they
    /// have not confirmed, newest first.
    static func toShare(userID: Int, limit: Int, on db: any Database) async throws -> (rows: [Row], total: Int) {
        let groups = try await memberGroups(userID: userID, on: db)
        guard !groups.isEmpty else { return ([], 0) }
        let base = Distribution.query(on: db)
            .join(CounterMaterial.self, on: \Distribution.$material.$id == \CounterMaterial.$id)
            .filter(CounterMaterial.self, \.$status == CounterMaterialStatus.approved.rawValue)
            .filter(\.$group.$id ~~ Array(groups))
            .filter(.sql(embed: "\(ident: "distributions").\(ident: "id") NOT IN (SELECT distribution_id FROM distribution_confirmations WHERE user_id = \(bind: userID))"))
        let total = try await base.copy().count()
        let page = try await base.with(\.$material).with(\.$group)
            .sort(\.$distributedOn, .descending).sort(\.$id, .descending).limit(limit).all()
        return (try await rows(page, viewerID: userID, on: db), total)
    }
}
