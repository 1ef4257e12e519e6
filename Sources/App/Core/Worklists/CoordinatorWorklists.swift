import Fluent
import Foundation

/// The coordinator's lists: the groups, materials waiting for approval, what was distributed this
/// week and the trainings to come.
enum CoordinatorWorklists {
    static func groups(seen: Visibility, on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.volunteerGroup) else { return nil }
        let total = try await VolunteerGroup.query(on: db).count()
        // Names sort as people read them ("Group 2" before "Group 10"); bounded, the groups page has the rest.
        let groups = try await VolunteerGroup.query(on: db).sort(\.$name).limit(500).all()
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }.prefix(Worklist.head)
        let ids = groups.compactMap(\.id)
        let members = ids.isEmpty ? [] : try await GroupMember.query(on: db).filter(\.$group.$id ~~ ids).all()
        let counts = Dictionary(grouping: members, by: { $0.$group.id }).mapValues(\.count)
        let entries = groups.map { group in
            WorklistEntry(title: group.name, href: group.id.map { "/groups/\($0)" },
                          facts: [.phrase("home.fact.members", ["n": String(group.id.flatMap { counts[$0] } ?? 0)])])
        }
        return Worklist(name: "groups", entries: entries, total: total, more: "/groups")
    }

    static func materialsAwaitingApproval(seen: Visibility, on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.counterMaterial) else { return nil }
        let query = CounterMaterial.query(on: db).filter(\.$status == CounterMaterialStatus.draft.rawValue)
        let total = try await query.count()
        let rows = try await query.sort(\.$createdAt).sort(\.$id).limit(Worklist.head).all()
        let entries = rows.map { material in
            var facts: [WorklistEntry.Fact] = [.phrase("home.fact.material_kind.\(kind(material.kind))", [:]),
                                               .text(material.languages)]
            if let at = material.createdAt { facts.append(.since(at)) }
            return WorklistEntry(title: material.title, href: "/materials", facts: facts)
        }
        return Worklist(name: "materials-awaiting", entries: entries, total: total, more: "/materials")
    }

    /// Distributions of the last seven days, today included (days are stored as `YYYY-MM-DD`, UTC).
    static func distributionsThisWeek(seen: Visibility, now: Date = Date(), on db: any Database) async throws
        -> Worklist?
    {
        guard seen.seesAll(.distribution) else { return nil }
        let from = PeriodReport.iso(now.addingTimeInterval(-6 * 86_400))
        let query = Distribution.query(on: db).filter(\.$distributedOn >= from)
            .filter(\.$distributedOn <= PeriodReport.iso(now))
        let total = try await query.count()
        let rows = try await query.with(\.$material).with(\.$group).sort(\.$distributedOn, .descending)
            .sort(\.$id, .descending).limit(Worklist.head).all()
        let entries = rows.map { d in
            var facts: [WorklistEntry.Fact] = [.day(d.distributedOn)]
            if let place = d.group?.name ?? d.channel { facts.append(.text(place)) }
            facts.append(.phrase(d.confirmedAt == nil ? "home.fact.not_confirmed" : "home.fact.confirmed", [:]))
            return WorklistEntry(title: d.material.title, href: d.id.map { "/distributions/\($0)" }, facts: facts)
        }
        return Worklist(name: "distributions-week", entries: entries, total: total, more: "/distributions")
    }

    static func trainingsComing(seen: Visibility, now: Date = Date(), on db: any Database) async throws -> Worklist? {
        guard seen.seesAll(.training) else { return nil }
        let query = Training.query(on: db).filter(\.$heldOn >= PeriodReport.iso(now))
        let total = try await query.count()
        let rows = try await query.sort(\.$heldOn).sort(\.$id).limit(Worklist.head).all()
        let entries = rows.map { training in
            let kind = "home.fact.training_kind.\(trainingKind(training.kind))"
            return WorklistEntry(title: training.topic, href: "/trainings",
                                 facts: [.day(training.heldOn), .phrase(kind, [:]), .text(training.place)])
        }
        return Worklist(name: "trainings-coming", entries: entries, total: total, more: "/trainings")
    }

    /// Stored codes reach translation keys only when known; anything else reads as "other".
    static func kind(_ raw: String) -> String { CounterMaterialKind(rawValue: raw)?.rawValue ?? "other" }
    static func trainingKind(_ raw: String) -> String { TrainingKind(rawValue: raw)?.rawValue ?? "other" }
}
