import Fluent
import Foundation
import SQLKit

/// The programme figures of a period for the whole country and each region at once: five grouped
/// queries instead of five per region, the same numbers as `count` with and without `regionID`.
extension ProgrammeStatistics {
    /// `from` inclusive, `to` exclusive, as `YYYY-MM-DD`; regions without any row are absent.
    static func byRegion(on db: any Database, from: String, to: String) async throws
        -> (total: Figures, regions: [Int: Figures])
    {
        let split = try await byRegion(on: db, from: from, to: to, distributionEnds: [])
        return (split.total, split.regions)
    }

    /// As `byRegion`, and the counter-materials distributed in each sub-period (by index into
    /// `distributionEnds`, as `distributedByPeriod`) from the same pass over the distributions, the one
    /// table here that grows by the hundred thousand.
    static func byRegion(on db: any Database, from: String, to: String, distributionEnds: [String]) async throws
        -> (total: Figures, regions: [Int: Figures], distributed: [Int: (videos: Int, other: Int)])
    {
        guard let sql = db as? any SQLDatabase else { return (Figures(), [:], [:]) }
        var total = Figures()
        var regions: [Int: Figures] = [:]
        func apply(_ region: Int?, _ change: (inout Figures) -> Void) {
            change(&total)
            if let region { change(&regions[region, default: Figures()]) }
        }
        struct KindCount: Decodable { var region_id: Int?; var kind: String; var n: Int }
        // Counted by group and material first, then joined: the joins then meet a few hundred rows, not
        // every distribution.
        struct PartCount: Decodable { var part: Int?; var region_id: Int?; var kind: String; var n: Int }
        let distributed = try await sql.raw("""
            SELECT x.part AS part, g.region_id AS region_id, m.kind AS kind, CAST(SUM(x.n) AS BIGINT) AS n FROM \
            (SELECT \(part(distributionEnds)) AS part, d.group_id AS group_id, d.material_id AS material_id, \
            COUNT(*) AS n FROM distributions d \
            WHERE d.distributed_on >= \(bind: from) AND d.distributed_on < \(bind: to) GROUP BY 1, 2, 3) x \
            JOIN counter_materials m ON m.id = x.material_id LEFT JOIN volunteer_groups g ON g.id = x.group_id \
            GROUP BY 1, 2, 3
            """).all(decoding: PartCount.self)
        var byPart: [Int: (videos: Int, other: Int)] = [:]
        for row in distributed {
            apply(row.region_id) {
                if row.kind == "video" { $0.videosDistributed += row.n } else { $0.otherMaterialsDistributed += row.n }
            }
            if let index = row.part {
                var value = byPart[index] ?? (0, 0)
                if row.kind == "video" { value.videos += row.n } else { value.other += row.n }
                byPart[index] = value
            }
        }
        let trainings = try await sql.raw("""
            SELECT t.region_id AS region_id, t.kind AS kind, COUNT(*) AS n FROM trainings t \
            WHERE t.held_on >= \(bind: from) AND t.held_on < \(bind: to) GROUP BY t.region_id, t.kind
            """).all(decoding: KindCount.self)
        for row in trainings {
            apply(row.region_id) {
                switch row.kind {
                case "large_seminar": $0.largeSeminars += row.n
                case "regional_training": $0.regionalTrainings += row.n
                default: $0.staffCourses += row.n
                }
            }
        }
        let participants = try await sql.raw("""
            SELECT t.region_id AS region_id, t.kind AS kind, COUNT(*) AS n FROM training_attendance a \
            JOIN trainings t ON t.id = a.training_id \
            WHERE t.held_on >= \(bind: from) AND t.held_on < \(bind: to) GROUP BY t.region_id, t.kind
            """).all(decoding: KindCount.self)
        for row in participants {
            apply(row.region_id) {
                if row.kind == "large_seminar" { $0.seminarParticipants += row.n } else { $0.trainingParticipants += row.n }
            }
        }
        // Seminars gather every region: the number of regions they drew is the country's, in every row.
        struct N: Decodable { var n: Int }
        let seminarRegions = try await sql.raw("""
            SELECT COUNT(DISTINCT v.region_id) AS n FROM training_attendance a JOIN trainings t ON t.id = a.training_id \
            JOIN volunteers v ON v.id = a.volunteer_id \
            WHERE t.kind = 'large_seminar' AND t.held_on >= \(bind: from) AND t.held_on < \(bind: to)
            """).first(decoding: N.self)?.n ?? 0
        // Groups as they stand: a group counts when it has members.
        struct Size: Decodable { var region_id: Int?; var n: Int }
        let sizes = try await sql.raw("""
            SELECT g.region_id AS region_id, COUNT(*) AS n FROM group_members gm \
            JOIN volunteer_groups g ON g.id = gm.group_id GROUP BY gm.group_id, g.region_id
            """).all(decoding: Size.self)
        var sizesByRegion: [Int: [Int]] = [:]
        for size in sizes { if let region = size.region_id { sizesByRegion[region, default: []].append(size.n) } }
        func setGroups(_ f: inout Figures, _ sizes: [Int]) {
            f.groups = sizes.count
            f.groupMembers = sizes.reduce(0, +)
            f.smallestGroup = sizes.min() ?? 0
            f.largestGroup = sizes.max() ?? 0
        }
        setGroups(&total, sizes.map(\.n))
        total.seminarRegions = seminarRegions
        for (region, list) in sizesByRegion { setGroups(&regions[region, default: Figures()], list) }
        for region in regions.keys { regions[region]?.seminarRegions = seminarRegions }
        return (total, regions, byPart)
    }

    /// Which of the consecutive periods ending (exclusive) at `ends` a distribution's day falls in.
    private static func part(_ ends: [String]) -> SQLQueryString {
        guard !ends.isEmpty else { return "CAST(NULL AS INTEGER)" }
        var part: SQLQueryString = "CASE"
        for (index, end) in ends.enumerated() { part += " WHEN d.distributed_on < \(bind: end) THEN \(literal: index)" }
        return part + " END"
    }

    /// Counter-materials distributed in each sub-period (videos, other), by index into `ends` (exclusive
    /// `YYYY-MM-DD` ends of consecutive periods, the first starting at `from`), in one query.
    static func distributedByPeriod(on db: any Database, from: String, ends: [String]) async throws
        -> [Int: (videos: Int, other: Int)]
    {
        guard let sql = db as? any SQLDatabase, let to = ends.last else { return [:] }
        struct Row: Decodable { var part: Int?; var kind: String; var n: Int }
        let rows = try await sql.raw("""
            SELECT \(part(ends)) AS part, m.kind AS kind, COUNT(*) AS n FROM distributions d \
            JOIN counter_materials m ON m.id = d.material_id \
            WHERE d.distributed_on >= \(bind: from) AND d.distributed_on < \(bind: to) GROUP BY 1, 2
            """).all(decoding: Row.self)
        var result: [Int: (videos: Int, other: Int)] = [:]
        for row in rows {
            guard let index = row.part else { continue }
            var value = result[index] ?? (0, 0)
            if row.kind == "video" { value.videos += row.n } else { value.other += row.n }
            result[index] = value
        }
        return result
    }
}
