import Foundation
import Vapor

/// A data folder restored without its personal data keys starts with fresh keys of its own: the
/// records sealed under the old ones then open nowhere. `serve` says so at start, loudly, naming
/// the keys and how many records need each, rather than letting a coordinator find unreadable names.
enum PersonalDataKeyCheck {
    /// Key ids records use that the keyring does not hold, with how many records use each.
    static func missingKeys(_ app: Application) async throws -> [String: Int] {
        let known = Set(app.personalData.knownIDs)
        return try await PersonalDataSealer.keysInUse(on: app.db).filter { !known.contains($0.key) }
    }

    static func warnAboutMissingKeys(_ app: Application) async throws {
        let missing = try await missingKeys(app)
        guard !missing.isEmpty else { return }
        let list = missing.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) records)" }.joined(separator: ", ")
        app.logger.critical("""
            personal data keys missing from \(app.personalData.directory.path): \(list). \
            Those names and contacts cannot be read until the key files (data-<id>.key and search.key) are put back \
            from where they are kept.
            """)
    }
}
