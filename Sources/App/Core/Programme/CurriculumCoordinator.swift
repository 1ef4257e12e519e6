import Fluent
import Foundation
import SQLKit

/// What the coordinator asks of the curriculum: who in a region has completed which modules, and
/// which volunteers have not been trained for a year (no attendance at a session held since then).
enum CurriculumCoordinator {
    struct Person: Sendable, Equatable {
        var volunteerID: Int
        var name: String
        var regionID: Int?
        /// Modules completed, by id, ascending.
        var moduleIDs: [Int] = []
        /// The day of the last session attended, if any.
        var lastTrained: String?
    }

    /// The day a year before `now`, as `YYYY-MM-DD`: sessions on or after it count as recent.
    static func yearBefore(_ now: Date) -> String {
        PeriodReport.iso(now.addingTimeInterval(-365 * 86_400))
    }

    /// How many volunteers one answer opens and sorts before it keeps the first `limit`.
    static let scanLimit = VolunteerLists.scanLimit

    /// The volunteers of a region with the modules each has completed (those with none are absent),
    /// in natural order of their names. Names are sealed, so they are opened and sorted here, not in SQL.
    static func completed(on db: any Database, regionID: Int, names: VolunteerNames, limit: Int = 500)
        async throws -> [Person]
    {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable {
            var volunteer_id: Int; var name: String; var data_key: String?; var erased: Int
            var module_id: Int; var last_on: String
        }
        let rows = try await sql.raw("""
            SELECT v.id AS volunteer_id, v.name AS name, v.data_key AS data_key, \
            CASE WHEN v.erased_at IS NULL THEN 0 ELSE 1 END AS erased, \
            sm.module_id AS module_id, MAX(t.held_on) AS last_on \
            FROM volunteers v JOIN training_attendance a ON a.volunteer_id = v.id \
            JOIN trainings t ON t.id = a.training_id JOIN training_session_modules sm ON sm.training_id = t.id \
            WHERE v.region_id = \(bind: regionID) \
            GROUP BY v.id, v.name, v.data_key, v.erased_at, sm.module_id ORDER BY v.id, sm.module_id
            """).all(decoding: Row.self)
        var people: [Person] = []
        for row in rows {
            if people.last?.volunteerID != row.volunteer_id {
                guard people.count < scanLimit else { break }
                let name = names.name(id: row.volunteer_id, sealed: row.name, dataKey: row.data_key, erased: row.erased != 0)
                people.append(Person(volunteerID: row.volunteer_id, name: name, regionID: regionID))
            }
            people[people.count - 1].moduleIDs.append(row.module_id)
            people[people.count - 1].lastTrained = max(people[people.count - 1].lastTrained ?? "", row.last_on)
        }
        return Array(NaturalOrder.sorted(people, name: \.name, id: \.volunteerID).prefix(limit))
    }

    private static func notSince(_ since: String) -> SQLQueryString {
        """
        NOT EXISTS (SELECT 1 FROM training_attendance a JOIN trainings t ON t.id = a.training_id \
        WHERE a.volunteer_id = v.id AND t.held_on >= \(bind: since))
        """
    }

    /// How many volunteers of each region have not been trained since `since` (nil key: no region).
    static func untrainedCounts(on db: any Database, since: String) async throws -> [Int?: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable { var region_id: Int?; var n: Int }
        let rows = try await sql.raw("""
            SELECT v.region_id AS region_id, COUNT(*) AS n FROM volunteers v WHERE \(notSince(since)) GROUP BY v.region_id
            """).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.region_id, $0.n) }, uniquingKeysWith: +)
    }

    /// The volunteers not trained since `since`, with their last session if they ever had one, in
    /// natural order of their opened names.
    static func untrained(on db: any Database, since: String, regionID: Int?, names: VolunteerNames,
                          limit: Int = 200) async throws -> [Person] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable {
            var id: Int; var name: String; var data_key: String?; var erased: Int; var region_id: Int?; var last_on: String?
        }
        let region: SQLQueryString = regionID.map { " AND v.region_id = \(bind: $0)" } ?? ""
        let rows = try await sql.raw("""
            SELECT v.id AS id, v.name AS name, v.data_key AS data_key, \
            CASE WHEN v.erased_at IS NULL THEN 0 ELSE 1 END AS erased, v.region_id AS region_id, \
            (SELECT MAX(t.held_on) FROM training_attendance a JOIN trainings t ON t.id = a.training_id \
            WHERE a.volunteer_id = v.id) AS last_on \
            FROM volunteers v WHERE \(notSince(since))\(region) ORDER BY v.id LIMIT \(literal: scanLimit)
            """).all(decoding: Row.self)
        let people = rows.map {
            Person(volunteerID: $0.id, name: names.name(id: $0.id, sealed: $0.name, dataKey: $0.data_key, erased: $0.erased != 0),
                   regionID: $0.region_id, lastTrained: $0.last_on)
        }
        return Array(NaturalOrder.sorted(people, name: \.name, id: \.volunteerID).prefix(limit))
    }

    /// The modules each listed session teaches.
    static func sessionModules(on db: any Database, trainingIDs: [Int]) async throws -> [Int: [Int]] {
        guard let sql = db as? any SQLDatabase, !trainingIDs.isEmpty else { return [:] }
        struct Row: Decodable { var training_id: Int; var module_id: Int }
        var list: SQLQueryString = ""
        for (i, id) in trainingIDs.enumerated() { list += i == 0 ? "\(bind: id)" : ", \(bind: id)" }
        let rows = try await sql.raw("""
            SELECT training_id, module_id FROM training_session_modules WHERE training_id IN (\(list)) ORDER BY module_id
            """).all(decoding: Row.self)
        var result: [Int: [Int]] = [:]
        for row in rows { result[row.training_id, default: []].append(row.module_id) }
        return result
    }
}
