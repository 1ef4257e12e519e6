import Fluent
import Foundation
import SQLKit

/// People trained by module: a person completes a module by attending a session that teaches it.
/// Counted with COUNT(DISTINCT …), so a person who attends twice, or two sessions of the same module,
/// completes it once. Volunteers count in their region; staff (named, no volunteer record) and
/// volunteers without a region count under "no region", so the regions and that row add up to the total.
enum CurriculumStatistics {
    struct Module: Sendable, Equatable {
        var moduleID: Int
        var titles: [Language: String]
        var byRegion: [Int: Int] = [:]
        var withoutRegion = 0

        var total: Int { byRegion.values.reduce(withoutRegion, +) }

        func title(_ language: Language) -> String {
            [titles[language], titles[.ky], titles[.ru], titles[.en]].compactMap { $0 }.first { !$0.isEmpty } ?? ""
        }
    }

    struct Trained: Sendable, Equatable {
        /// Modules with at least one person trained, in the order they were created.
        var modules: [Module] = []

        func people(module: Int, region: Int?) -> Int {
            guard let m = modules.first(where: { $0.moduleID == module }) else { return 0 }
            return region.map { m.byRegion[$0] ?? 0 } ?? m.withoutRegion
        }
    }

    /// Sessions held in `from` (inclusive) to `to` (exclusive), `YYYY-MM-DD`; nil bounds are open.
    /// One grouped statement, whatever the number of modules and regions.
    static func trained(on db: any Database, from: String? = nil, to: String? = nil) async throws -> Trained {
        guard let sql = db as? any SQLDatabase else { return Trained() }
        var period: SQLQueryString = ""
        if let from { period += " AND t.held_on >= \(bind: from)" }
        if let to { period += " AND t.held_on < \(bind: to)" }
        struct Row: Decodable {
            var module_id: Int
            var title_ky: String
            var title_ru: String
            var title_en: String
            var region_id: Int?
            var volunteers: Int
            var staff: Int
        }
        let rows = try await sql.raw("""
            SELECT m.id AS module_id, m.title_ky AS title_ky, m.title_ru AS title_ru, m.title_en AS title_en, \
            v.region_id AS region_id, COUNT(DISTINCT a.volunteer_id) AS volunteers, \
            COUNT(DISTINCT CASE WHEN a.volunteer_id IS NULL THEN a.staff_name END) AS staff \
            FROM training_session_modules sm JOIN training_modules m ON m.id = sm.module_id \
            JOIN trainings t ON t.id = sm.training_id JOIN training_attendance a ON a.training_id = t.id \
            LEFT JOIN volunteers v ON v.id = a.volunteer_id \
            WHERE 1 = 1\(period) \
            GROUP BY m.id, m.title_ky, m.title_ru, m.title_en, v.region_id ORDER BY m.id
            """).all(decoding: Row.self)
        var modules: [Module] = []
        for row in rows {
            if modules.last?.moduleID != row.module_id {
                modules.append(Module(moduleID: row.module_id,
                                      titles: [.ky: row.title_ky, .ru: row.title_ru, .en: row.title_en]))
            }
            let people = row.volunteers + row.staff
            if let region = row.region_id {
                modules[modules.count - 1].byRegion[region, default: 0] += people
            } else {
                modules[modules.count - 1].withoutRegion += people
            }
        }
        return Trained(modules: modules)
    }
}
