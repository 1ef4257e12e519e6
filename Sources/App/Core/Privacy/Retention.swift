import Fluent
import Foundation
import SQLKit
import Vapor

/// Erases what the programme no longer needs once its period (`RetentionSettings`) is over: the
/// name and contact of a volunteer who left, the contact of an old tip, the words of a dismissed
/// tip, and the day-by-day detail of tracked-link clicks (folded into months). Rows stay, so every
/// figure a report counts from them stays the same. Each kind goes in batches, each batch one
/// transaction, so a run over years of data never holds the database for long; running twice
/// changes nothing more.
enum Retention {
    struct Counts: Sendable, Equatable {
        var volunteers = 0
        var tipContacts = 0
        var dismissedTips = 0
        /// Rows of one day's clicks folded into their month's row.
        var clickDays = 0

        /// What the audit row and the command say: how many, never whose.
        func details(asOf day: String) -> [(key: String, value: String)] {
            [("as_of", day), ("volunteers_erased", String(volunteers)), ("tip_contacts_erased", String(tipContacts)),
             ("dismissed_tips_erased", String(dismissedTips)), ("click_days_folded", String(clickDays))]
        }
    }

    /// The first day, or moment, still kept for each kind: anything before it goes.
    struct Limits: Sendable, Equatable {
        var leftBefore: String
        var tipContactsBefore: Date
        var dismissedBefore: Date
        var clickDaysBefore: String

        init(now: Date, settings: RetentionSettings) {
            func back(_ days: Int) -> Date { now.addingTimeInterval(-Double(days) * 86_400) }
            leftBefore = Retention.day(back(settings.leftVolunteerDays))
            tipContactsBefore = back(settings.tipContactDays)
            dismissedBefore = back(settings.dismissedTipDays)
            clickDaysBefore = Retention.day(back(settings.clickDetailDays))
        }
    }

    static let action = "retention.apply"
    static let defaultBatch = 200

    /// One run as of `now` (the command may set the clock forward), audited as one row with its counts.
    @discardableResult
    static func apply(now: Date = Date(), settings: RetentionSettings, app: Application,
                      actor: AuditActor = .system, batch: Int = defaultBatch) async throws -> Counts {
        let limits = Limits(now: now, settings: settings)
        let batch = max(batch, 1)
        var counts = Counts()
        counts.dismissedTips = try await eraseDismissedTips(before: limits.dismissedBefore, now: now, app: app, batch: batch)
        counts.tipContacts = try await eraseTipContacts(before: limits.tipContactsBefore, now: now, app: app, batch: batch)
        counts.volunteers = try await eraseLeftVolunteers(before: limits.leftBefore, now: now, app: app, batch: batch)
        counts.clickDays = try await foldClickDays(before: limits.clickDaysBefore, app: app, batch: batch)
        let details = Dictionary(uniqueKeysWithValues: counts.details(asOf: day(now)).map { ($0.key, $0.value) })
        try await app.write { db in
            try await AuditLog.append(on: db, actor: actor, action: action, objectType: "retention", objectID: nil,
                                      details: details)
        }
        await SQLiteShredding.checkpoint(on: app.db)
        return counts
    }

    /// Runs `step` in its own transaction until it handles fewer than a full batch.
    private static func inBatches(_ app: Application, batch: Int,
                                  _ step: @escaping @Sendable (any Database) async throws -> Int) async throws -> Int {
        var total = 0
        while true {
            let done = try await app.write(step)
            total += done
            if done < batch { return total }
        }
    }

    private static func eraseLeftVolunteers(before day: String, now: Date, app: Application, batch: Int) async throws
        -> Int
    {
        try await inBatches(app, batch: batch) { db in
            let ids = try await Volunteer.query(on: db).filter(\.$erasedAt == nil).filter(\.$leftOn != nil)
                .filter(\.$leftOn < day).sort(\.$id).limit(batch).all().compactMap(\.id)
            for id in ids { try await PersonalDataEraser.eraseVolunteer(id, on: db, now: now) }
            return ids.count
        }
    }

    private static func eraseTipContacts(before: Date, now: Date, app: Application, batch: Int) async throws -> Int {
        try await inBatches(app, batch: batch) { db in
            try await SQLiteShredding.zeroFreedSpace(on: db)
            let tips = try await Tip.query(on: db).filter(\.$contact != nil).filter(\.$createdAt < before)
                .sort(\.$id).limit(batch).all()
            for tip in tips {
                PersonalDataEraser.eraseTipContact(tip, now: now)
                try await tip.update(on: db)
            }
            return tips.count
        }
    }

    /// A tip counts as dismissed from its (earliest) `triage_dismissals` row; one whose words are
    /// already gone is not picked again.
    private static func eraseDismissedTips(before: Date, now: Date, app: Application, batch: Int) async throws -> Int {
        try await inBatches(app, batch: batch) { db in
            guard let sql = db as? any SQLDatabase else { return 0 }
            try await SQLiteShredding.zeroFreedSpace(on: db)
            struct Row: Decodable { var id: Int }
            let ids = try await sql.raw("""
                SELECT t.id AS id FROM tips t \
                WHERE (t.urls <> '[]' OR t.comment <> '' OR t.contact IS NOT NULL) \
                AND EXISTS (SELECT 1 FROM triage_dismissals d WHERE d.tip_id = t.id AND d.dismissed_at < \(bind: before)) \
                ORDER BY t.id LIMIT \(bind: batch)
                """).all(decoding: Row.self).map(\.id)
            guard !ids.isEmpty else { return 0 }
            for tip in try await Tip.query(on: db).filter(\.$id ~~ ids).all() {
                PersonalDataEraser.eraseTipContent(tip, now: now)
                try await tip.update(on: db)
            }
            return ids.count
        }
    }

    /// Days (`YYYY-MM-DD`) before `before` become their month (`YYYY-MM`), summed into the month's row
    /// when an earlier run made it: each distribution's total stays what it was.
    private static func foldClickDays(before: String, app: Application, batch: Int) async throws -> Int {
        try await inBatches(app, batch: batch) { db in
            guard let sql = db as? any SQLDatabase else { return 0 }
            try await SQLiteShredding.zeroFreedSpace(on: db)
            struct ID: Decodable { var id: Int }
            let ids = try await sql.raw("""
                SELECT id FROM link_clicks WHERE LENGTH(day) = 10 AND day < \(bind: before) ORDER BY id LIMIT \(bind: batch)
                """).all(decoding: ID.self).map(\.id)
            guard !ids.isEmpty else { return 0 }
            // Only what this transaction deleted is added to the months: a second process folding the
            // same rows at the same time (two `serve` on one PostgreSQL) deletes nothing and adds nothing.
            struct Row: Decodable { var distribution_id: Int; var day: String; var count: Int }
            let rows = try await sql.raw("""
                DELETE FROM link_clicks WHERE id IN (\(binds: ids)) RETURNING distribution_id, day, count
                """).all(decoding: Row.self)
            struct Month: Hashable, Comparable {
                var distribution: Int
                var month: String
                static func < (a: Month, b: Month) -> Bool { (a.distribution, a.month) < (b.distribution, b.month) }
            }
            var months: [Month: Int] = [:]
            for row in rows { months[Month(distribution: row.distribution_id, month: String(row.day.prefix(7))), default: 0] += row.count }
            for (month, count) in months.sorted(by: { $0.key < $1.key }) {
                try await sql.raw("""
                    INSERT INTO link_clicks (distribution_id, day, count) \
                    VALUES (\(bind: month.distribution), \(bind: month.month), \(bind: count)) \
                    ON CONFLICT (distribution_id, day) DO UPDATE SET count = link_clicks.count + excluded.count
                    """).run()
            }
            return rows.count
        }
    }

    /// `YYYY-MM-DD` in UTC, as `left_on` and `link_clicks.day` are written.
    static func day(_ date: Date) -> String {
        String(Formats.iso8601(date).prefix(10))
    }

    /// The runs so far, newest first, from the audit log (which the runs write and nothing edits).
    static func lastRuns(limit: Int = 20, on db: any Database) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db).filter(\.$action == action).sort(\.$seq, .descending).limit(limit).all()
    }
}
