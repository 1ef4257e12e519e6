import Fluent
import Foundation
import KaiguulCore

/// Cases waiting in given states, oldest first (the one waiting longest is the first to do), always
/// read through the viewer's scope: an expert's lists hold only the cases referred to them.
enum CaseWorklists {
    static func waiting(_ name: String, in states: [CaseState], seen: Visibility, on db: any Database) async throws
        -> Worklist?
    {
        guard let query = seen.cases(on: db) else { return nil }
        query.filter(\.$state ~~ states.map(\.rawValue))
        let total = try await query.count()
        let rows = try await query.sort(\.$updatedAt, .ascending).sort(\.$id, .ascending).limit(Worklist.head).all()
        let more = states.count == 1 ? "/cases?state=\(states[0].rawValue)" : "/cases"
        return Worklist(name: name, entries: rows.map(entry), total: total, more: more)
    }

    /// The analyst's own open cases (assigned to them, or opened by them and assigned to nobody),
    /// grouped by state in the workflow's order, oldest first within a state.
    static func mine(_ user: CurrentUser, seen: Visibility, on db: any Database) async throws -> Worklist? {
        guard let query = seen.cases(on: db) else { return nil }
        query.filter(\.$state ~~ open.map(\.rawValue))
        query.group(.or) { either in
            either.filter(\.$assigneeID == user.id)
            either.group(.and) { unassigned in
                unassigned.filter(\.$assigneeID == nil).filter(\.$createdBy == user.id)
            }
        }
        let total = try await query.count()
        // Bounded: the head of each state is what a home page shows; the case list has the rest.
        let rows = try await query.sort(\.$updatedAt, .ascending).sort(\.$id, .ascending).limit(500).all()
        let order = Dictionary(uniqueKeysWithValues: CaseState.allCases.enumerated().map { ($1.rawValue, $0) })
        let sorted = rows.enumerated().sorted { a, b in
            let (sa, sb) = (order[a.element.state] ?? 99, order[b.element.state] ?? 99)
            return sa != sb ? sa < sb : a.offset < b.offset
        }.map(\.element)
        return Worklist(name: "my-cases", entries: sorted.prefix(Worklist.head).map(entry), total: total,
                        more: "/cases?assignee=\(user.id)")
    }

    /// States in which a case still needs someone to act.
    static let open: [CaseState] = [
        .new, .inReview, .referredToExpert, .expertConfirmed, .expertRejected, .submittedToCourt, .courtOrdered,
        .courtRejected,
    ]

    static func entry(_ record: CaseRecord) -> WorklistEntry {
        var facts: [WorklistEntry.Fact] = [.text(record.target)]
        if let state = CaseState(rawValue: record.state) { facts.append(.state(state)) }
        if let since = record.updatedAt ?? record.createdAt { facts.append(.since(since)) }
        return WorklistEntry(title: record.title, href: record.id.map { "/cases/\($0)" }, facts: facts)
    }
}
