import Foundation
import Vapor

/// How long people's data is kept once the programme no longer needs it, in days, read once at
/// start from the environment. A value that is not a whole number of days in `allowed` stops the
/// start: a typo must not erase people early, nor keep them for ever.
struct RetentionSettings: Sendable, Equatable {
    /// After a volunteer left (`volunteers.left_on`), until their name and contact are erased.
    var leftVolunteerDays = 365
    /// After a tip arrived, until its sender's contact is erased.
    var tipContactDays = 180
    /// After a tip was dismissed in triage, until its addresses, comment and contact are erased.
    var dismissedTipDays = 365
    /// After a day's clicks on a tracked link, until they are folded into the month's total.
    var clickDetailDays = 90

    static let allowed = 1...3650

    static var variables: [(name: String, path: WritableKeyPath<RetentionSettings, Int>)] {
        [
            ("KAIGUUL_RETAIN_LEFT_VOLUNTEER_DAYS", \.leftVolunteerDays),
            ("KAIGUUL_RETAIN_TIP_CONTACT_DAYS", \.tipContactDays),
            ("KAIGUUL_RETAIN_DISMISSED_TIP_DAYS", \.dismissedTipDays),
            ("KAIGUUL_RETAIN_CLICK_DETAIL_DAYS", \.clickDetailDays),
        ]
    }

    /// The settings, or why they cannot be used (every bad variable named).
    static func from(_ env: [String: String]) -> Result<RetentionSettings, CommandFailure> {
        var settings = RetentionSettings()
        var rejected: [String] = []
        for (name, path) in variables {
            guard let text = env[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
            if let days = Int(text), allowed.contains(days) {
                settings[keyPath: path] = days
            } else {
                rejected.append("\(name)=\"\(text.prefix(32))\"")
            }
        }
        guard rejected.isEmpty else {
            return .failure(CommandFailure("not a number of days from \(allowed.lowerBound) to \(allowed.upperBound): "
                + rejected.joined(separator: ", ")))
        }
        return .success(settings)
    }
}

struct RetentionSettingsKey: StorageKey {
    typealias Value = RetentionSettings
}

extension Application {
    /// Read at start (`RetentionRoutes.register`); tests change them after `configure`.
    var retention: RetentionSettings {
        get { storage[RetentionSettingsKey.self] ?? RetentionSettings() }
        set { storage[RetentionSettingsKey.self] = newValue }
    }
}
