import Fluent
import Foundation
import KaiguulCore

/// What the volunteer and group lists and the group's member picker show: searched by name, filtered
/// by region and the rest, in natural order ("Volunteer 2" before "Volunteer 10"), one page at a time.
/// Search and order run in Swift over the names (Cyrillic case folding and numeric order are not the
/// same in SQLite and PostgreSQL); `scanLimit` bounds how many names one request reads.
enum VolunteerLists {
    static let scanLimit = 20_000

    enum Login: String, CaseIterable { case linked, unlinked }

    static func volunteerFilters(regions: [Region], groups: [VolunteerGroup]) -> [ListQuery.Filter] {
        [
            .init("region", label: "volunteer.region", .oneOf(regions.compactMap { $0.id.map(String.init) })),
            .init("group", label: "volunteer.group", .oneOf(groups.compactMap { $0.id.map(String.init) })),
            .init("age_band", label: "volunteer.age_band", .oneOf(AgeBand.allCases.map(\.rawValue))),
            .init("login", label: "volunteer.login", .oneOf(Login.allCases.map(\.rawValue))),
        ]
    }

    /// The member picker of a group: search and region only.
    static func candidateFilters(regions: [Region]) -> [ListQuery.Filter] {
        [.init("region", label: "volunteer.region", .oneOf(regions.compactMap { $0.id.map(String.init) }))]
    }

    static func groupFilters(regions: [Region]) -> [ListQuery.Filter] {
        [
            .init("region", label: "volunteer.region", .oneOf(regions.compactMap { $0.id.map(String.init) })),
            .init("messenger", label: "group.messenger", .oneOf(Messenger.allCases.map(\.rawValue))),
            .init("language", label: "group.language", .oneOf(Language.allCases.map(\.rawValue))),
        ]
    }

    /// Volunteers matching the query. `notInGroup` leaves out a group's members (the picker).
    static func volunteers(_ query: ListQuery, notInGroup: Int? = nil, on db: any Database) async throws
        -> (rows: [Volunteer], total: Int)
    {
        let base = Volunteer.query(on: db).field(\.$id).field(\.$name).field(\.$district)
        if let region = query.id("region") { base.filter(\.$region.$id == region) }
        if let group = query.id("group") { base.filter(\.$id ~~ (try await memberIDs(of: group, on: db))) }
        if !query["age_band"].isEmpty { base.filter(\.$ageBand == query["age_band"]) }
        switch Login(rawValue: query["login"]) {
        case .linked: base.filter(\.$userID != nil)
        case .unlinked: base.filter(\.$userID == nil)
        case nil: break
        }
        var found = try await base.limit(scanLimit).all()
        if let notInGroup {
            let members = Set(try await memberIDs(of: notInGroup, on: db))
            found.removeAll { members.contains($0.id ?? 0) }
        }
        if !query.q.isEmpty {
            let needle = Search.fold(query.q)
            found.removeAll { !Search.fold($0.name).contains(needle) && !Search.fold($0.district).contains(needle) }
        }
        let ordered = NaturalOrder.sorted(found, name: \.name, id: { $0.id ?? 0 })
        let page = pageIDs(ordered.compactMap(\.id), query.paging)
        return (try await load(page, on: db), ordered.count)
    }

    /// A group's members in natural order; a group is small, so all of them (bounded).
    static func members(of groupID: Int, on db: any Database) async throws -> [Volunteer] {
        let ids = try await memberIDs(of: groupID, on: db)
        let rows = try await Volunteer.query(on: db).filter(\.$id ~~ ids).with(\.$region).limit(scanLimit).all()
        return NaturalOrder.sorted(rows, name: \.name, id: { $0.id ?? 0 })
    }

    static func memberIDs(of groupID: Int, on db: any Database) async throws -> [Int] {
        try await GroupMember.query(on: db).filter(\.$group.$id == groupID).limit(scanLimit).all()
            .map { $0.$volunteer.id }
    }

    static func groups(_ query: ListQuery, on db: any Database) async throws -> (rows: [VolunteerGroup], total: Int) {
        let base = VolunteerGroup.query(on: db).field(\.$id).field(\.$name)
        if let region = query.id("region") { base.filter(\.$region.$id == region) }
        if !query["messenger"].isEmpty { base.filter(\.$messenger == query["messenger"]) }
        if !query["language"].isEmpty { base.filter(\.$language == query["language"]) }
        var found = try await base.limit(scanLimit).all()
        if !query.q.isEmpty {
            let needle = Search.fold(query.q)
            found.removeAll { !Search.fold($0.name).contains(needle) }
        }
        let ordered = NaturalOrder.sorted(found, name: \.name, id: { $0.id ?? 0 })
        let page = pageIDs(ordered.compactMap(\.id), query.paging)
        let rows = try await VolunteerGroup.query(on: db).filter(\.$id ~~ page).with(\.$region).all()
        let byID = Dictionary(uniqueKeysWithValues: rows.compactMap { g in g.id.map { ($0, g) } })
        return (page.compactMap { byID[$0] }, ordered.count)
    }

    /// Every group, in natural order, for filter menus (a programme has tens of groups, not thousands).
    static func allGroups(on db: any Database) async throws -> [VolunteerGroup] {
        let rows = try await VolunteerGroup.query(on: db).limit(2_000).all()
        return NaturalOrder.sorted(rows, name: \.name, id: { $0.id ?? 0 })
    }

    /// The groups a volunteer belongs to, in natural order.
    static func groups(of volunteerID: Int, on db: any Database) async throws -> [VolunteerGroup] {
        let ids = try await GroupMember.query(on: db).filter(\.$volunteer.$id == volunteerID).all().map { $0.$group.id }
        let rows = try await VolunteerGroup.query(on: db).filter(\.$id ~~ ids).all()
        return NaturalOrder.sorted(rows, name: \.name, id: { $0.id ?? 0 })
    }

    private static func pageIDs(_ ids: [Int], _ paging: Paging) -> [Int] {
        guard paging.offset < ids.count else { return [] }
        return Array(ids[paging.offset..<min(ids.count, paging.offset + paging.perPage)])
    }

    /// Full rows for ids, in the ids' order.
    private static func load(_ ids: [Int], on db: any Database) async throws -> [Volunteer] {
        let rows = try await Volunteer.query(on: db).filter(\.$id ~~ ids).with(\.$region).all()
        let byID = Dictionary(uniqueKeysWithValues: rows.compactMap { v in v.id.map { ($0, v) } })
        return ids.compactMap { byID[$0] }
    }
}
