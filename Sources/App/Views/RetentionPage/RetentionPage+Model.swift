import Fluent
import Foundation
import Vapor

/// The admin's page of retention: how long each kind of people's data is kept, and the runs so far.
enum RetentionPage {
    struct Run {
        var at: Date
        var by: String
        var details: [String: String]
    }

    struct Model {
        var settings: RetentionSettings
        var runs: [Run]
    }

    static func query(_ app: Application, on db: any Database) async throws -> Model {
        let runs = try await Retention.lastRuns(on: db).map { entry in
            Run(at: entry.at, by: entry.actorLabel,
                details: (try? JSONDecoder().decode([String: String].self, from: Data(entry.details.utf8))) ?? [:])
        }
        return Model(settings: app.retention, runs: runs)
    }

    /// The settings in the order the page lists them, each with its variable.
    static func periods(_ s: RetentionSettings) -> [(kind: String, variable: String, days: Int)] {
        [("left_volunteer", "KAIGUUL_RETAIN_LEFT_VOLUNTEER_DAYS", s.leftVolunteerDays),
         ("tip_contact", "KAIGUUL_RETAIN_TIP_CONTACT_DAYS", s.tipContactDays),
         ("dismissed_tip", "KAIGUUL_RETAIN_DISMISSED_TIP_DAYS", s.dismissedTipDays),
         ("click_detail", "KAIGUUL_RETAIN_CLICK_DETAIL_DAYS", s.clickDetailDays)]
    }

    static let countColumns = ["volunteers_erased", "tip_contacts_erased", "dismissed_tips_erased", "click_days_folded"]
}
