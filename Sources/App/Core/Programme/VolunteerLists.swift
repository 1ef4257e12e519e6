import Fluent
import Foundation
import KaiguulCore

/// What the volunteer and group lists and the group's member picker show: searched by name, filtered
/// by region and the rest, in natural order ("Volunteer 2" before "Volunteer 10"), one page at a time.
/// Search and order run in Swift over the names: volunteers' names are sealed in the database, and
/// Cyrillic case folding and numeric order are not the same in SQLite and PostgreSQL anyway;
/// `scanLimit` bounds how many names one request opens.
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

    /// What one viewer is shown of the volunteers listed: names always (opened), contacts masked
    /// when `showsContacts`, and whether a contact typed in the search box finds its volunteer.
    struct Viewer: Sendable {
        var names: VolunteerNames
        var showsContacts: Bool
        var findsByContact: Bool
    }

    /// Volunteers matching the query. `notInGroup` leaves out a group's members (the picker). The
    /// search looks in the opened names and the districts; a whole contact also finds its volunteer
    /// (`ContactSearch`) for a viewer who may open contacts.
    static func volunteers(_ query: ListQuery, notInGroup: Int? = nil, viewer: Viewer, on db: any Database)
        async throws -> (rows: [ListedVolunteer], total: Int)
    {
        let base = Volunteer.query(on: db).field(\.$id).field(\.$name).field(\.$district).field(\.$dataKey)
            .field(\.$erasedAt)
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
            // An erased record is nobody to add to a group any more.
            let members = Set(try await memberIDs(of: notInGroup, on: db))
            found.removeAll { members.contains($0.id ?? 0) || $0.erasedAt != nil }
        }
        var named = found.map { Named(id: $0.id ?? 0, name: viewer.names.name($0), district: $0.district) }
        if !query.q.isEmpty {
            let needle = Search.fold(query.q)
            let byContact = viewer.findsByContact
                ? try await ContactSearch.volunteerIDs(matching: query.q, viewer.names.keyring, on: db) : []
            named.removeAll {
                !byContact.contains($0.id) && !Search.fold($0.name).contains(needle)
                    && !Search.fold($0.district).contains(needle)
            }
        }
        let ordered = NaturalOrder.sorted(named, name: \.name, id: \.id)
        let names = Dictionary(ordered.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let page = pageIDs(ordered.map(\.id), query.paging)
        let rows = try await load(page, on: db).map { v in
            ListedVolunteer(record: v, name: names[v.id ?? 0] ?? viewer.names.name(v),
                            maskedContact: viewer.showsContacts ? viewer.names.maskedContact(v) : nil)
        }
        return (rows, ordered.count)
    }

    private struct Named {
        var id: Int
        var name: String
        var district: String
    }

    /// A group's members in natural order of their opened names; a group is small, so all of them (bounded).
    static func members(of groupID: Int, viewer: Viewer, on db: any Database) async throws -> [ListedVolunteer] {
        let ids = try await memberIDs(of: groupID, on: db)
        let rows = try await Volunteer.query(on: db).filter(\.$id ~~ ids).with(\.$region).limit(scanLimit).all()
        return listed(rows, viewer: viewer)
    }

    /// Every volunteer not erased, by opened name, for a picker (bounded by `limit`, taken after sorting).
    static func all(viewer: Viewer, limit: Int, on db: any Database) async throws -> [ListedVolunteer] {
        let rows = try await Volunteer.query(on: db).filter(\.$erasedAt == nil).limit(scanLimit).all()
        // A picker shows names only.
        var namesOnly = viewer
        namesOnly.showsContacts = false
        return Array(listed(rows, viewer: namesOnly).prefix(limit))
    }

    private static func listed(_ rows: [Volunteer], viewer: Viewer) -> [ListedVolunteer] {
        let opened = rows.map { v in
            ListedVolunteer(record: v, name: viewer.names.name(v),
                            maskedContact: viewer.showsContacts ? viewer.names.maskedContact(v) : nil)
        }
        return NaturalOrder.sorted(opened, name: \.name, id: \.id)
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
