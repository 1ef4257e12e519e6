import Fluent
import Foundation
import SQLKit

/// The people side of the programme for a period: counter-materials distributed (video clips
/// apart from other materials), trainings and their participants, volunteer groups and members.
/// Plain SQL that runs on SQLite and PostgreSQL; dates are compared as ISO `YYYY-MM-DD` text.
enum ProgrammeStatistics {
    struct Figures: Sendable, Equatable, Codable {
        var videosDistributed = 0
        var otherMaterialsDistributed = 0
        var largeSeminars = 0
        var regionalTrainings = 0
        var staffCourses = 0
        var seminarParticipants = 0
        var trainingParticipants = 0
        /// Distinct regions the seminar participants came from.
        var seminarRegions = 0
        var groups = 0
        var groupMembers = 0
        var smallestGroup = 0
        var largestGroup = 0
    }

    /// `from` inclusive, `to` exclusive, as `YYYY-MM-DD`.
    static func count(on db: any Database, from: String, to: String, regionID: Int? = nil) async throws -> Figures {
        guard let sql = db as? any SQLDatabase else { return Figures() }
        var f = Figures()
        struct KindCount: Decodable { var kind: String; var n: Int }
        let groupRegion: SQLQueryString = regionID.map { "AND g.region_id = \(bind: $0)" } ?? ""
        let distributed = try await sql.raw("""
            SELECT m.kind AS kind, COUNT(*) AS n FROM distributions d JOIN counter_materials m ON m.id = d.material_id \
            LEFT JOIN volunteer_groups g ON g.id = d.group_id \
            WHERE d.distributed_on >= \(bind: from) AND d.distributed_on < \(bind: to) \(groupRegion) GROUP BY m.kind
            """).all(decoding: KindCount.self)
        for row in distributed {
            if row.kind == "video" { f.videosDistributed += row.n } else { f.otherMaterialsDistributed += row.n }
        }
        let trainingRegion: SQLQueryString = regionID.map { "AND t.region_id = \(bind: $0)" } ?? ""
        let trainings = try await sql.raw("""
            SELECT t.kind AS kind, COUNT(*) AS n FROM trainings t \
            WHERE t.held_on >= \(bind: from) AND t.held_on < \(bind: to) \(trainingRegion) GROUP BY t.kind
            """).all(decoding: KindCount.self)
        for row in trainings {
            switch row.kind {
            case "large_seminar": f.largeSeminars = row.n
            case "regional_training": f.regionalTrainings = row.n
            default: f.staffCourses += row.n
            }
        }
        let participants = try await sql.raw("""
            SELECT t.kind AS kind, COUNT(*) AS n FROM training_attendance a JOIN trainings t ON t.id = a.training_id \
            WHERE t.held_on >= \(bind: from) AND t.held_on < \(bind: to) \(trainingRegion) GROUP BY t.kind
            """).all(decoding: KindCount.self)
        for row in participants {
            if row.kind == "large_seminar" { f.seminarParticipants = row.n } else { f.trainingParticipants += row.n }
        }
        struct N: Decodable { var n: Int }
        f.seminarRegions = try await sql.raw("""
            SELECT COUNT(DISTINCT v.region_id) AS n FROM training_attendance a JOIN trainings t ON t.id = a.training_id \
            JOIN volunteers v ON v.id = a.volunteer_id \
            WHERE t.kind = 'large_seminar' AND t.held_on >= \(bind: from) AND t.held_on < \(bind: to)
            """).first(decoding: N.self)?.n ?? 0
        // Groups as they stand: a group counts when it has members.
        struct Size: Decodable { var group_id: Int; var n: Int }
        let sizes = try await sql.raw("""
            SELECT gm.group_id AS group_id, COUNT(*) AS n FROM group_members gm JOIN volunteer_groups g ON g.id = gm.group_id \
            WHERE 1 = 1 \(groupRegion) GROUP BY gm.group_id
            """).all(decoding: Size.self)
        f.groups = sizes.count
        f.groupMembers = sizes.reduce(0) { $0 + $1.n }
        f.smallestGroup = sizes.map(\.n).min() ?? 0
        f.largestGroup = sizes.map(\.n).max() ?? 0
        return f
    }
}
