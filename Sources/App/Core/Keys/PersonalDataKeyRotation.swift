import Fluent
import Foundation
import Vapor

#if canImport(Glibc)
    import Glibc
#endif

/// `kaiguul keys rotate-data-key`: a new key-encryption key for people's data, every record's data
/// key wrapped again under it, and the keys no row needs any more moved to `retired/`.
///
/// Nothing stops meanwhile: the sealer works in batches, and a `serve` that has not seen the new
/// key reads a re-wrapped record by finding the key on disk. Such a process may still wrap a new
/// record with the old key for up to `PersonalDataKeyring.rescanInterval`; the rotation re-wraps
/// again after that interval, and a key some row still needs is never retired (it would be readable
/// anyway, since `retired/` still unwraps, but it should not sit in the current set).
enum PersonalDataKeyRotation {
    struct Result: Sendable, Equatable {
        var newKey = ""
        var sealed = PersonalDataSealer.Counts()
        var rewrapped = PersonalDataSealer.Counts()
        /// Keys moved to `retired/` by this run.
        var retired: [String] = []
        /// Older keys some rows still use (written by a process that had not yet seen the new key).
        var stillInUse: [String: Int] = [:]
    }

    enum Refusal: Error, Equatable {
        case folderNotWritable(String)
        /// A key in the folder sorts after the new one (made by a host whose clock runs ahead):
        /// re-wrapping under it would leave the new key unused.
        case newerKeyInFolder(String)
    }

    /// The folder must take a new file and a rename: checked before anything is written, so a
    /// read-only key folder (an operator's mount) refuses the rotation instead of half-doing it.
    /// The mode bits are checked too, because root passes `access(2)` on any folder.
    static func checkWritable(_ folder: URL) throws {
        var info = stat()
        guard stat(folder.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR,
              access(folder.path, W_OK | X_OK) == 0, info.st_mode & 0o200 != 0
        else { throw Refusal.folderNotWritable(folder.path) }
    }

    /// Rotates, then writes one audit row with the counts (no id of any person).
    static func rotate(app: Application, now: Date = Date(),
                       settle: TimeInterval = PersonalDataKeyring.rescanInterval + 1) async throws -> Result {
        let keyring = app.personalData
        try checkWritable(keyring.directory)
        var result = Result()
        result.newKey = try keyring.addKey(now: now)
        guard keyring.currentID == result.newKey else { throw Refusal.newerKeyInFolder(keyring.currentID) }
        result.sealed = try await PersonalDataSealer.sealPlainRows(on: app.db, keyring)
        result.rewrapped = try await PersonalDataSealer.rewrapAll(on: app.db, keyring)
        var inUse = try await older(than: result.newKey, PersonalDataSealer.keysInUse(on: app.db))
        if !inUse.isEmpty, settle > 0 {
            // Another process wrapped records with a key it had not yet replaced: once it has
            // re-read the folder, one more pass catches them.
            try await Task.sleep(nanoseconds: UInt64(settle * 1_000_000_000))
            let again = try await PersonalDataSealer.rewrapAll(on: app.db, keyring)
            result.rewrapped.rewrappedVolunteers += again.rewrappedVolunteers
            result.rewrapped.rewrappedTips += again.rewrappedTips
            result.rewrapped.rewrappedRequests += again.rewrappedRequests
            inUse = try await older(than: result.newKey, PersonalDataSealer.keysInUse(on: app.db))
        }
        result.stillInUse = inUse
        let current = Set(try FileManager.default.contentsOfDirectory(atPath: keyring.directory.path)
            .compactMap(PersonalDataKeyring.id(fromFileName:)))
        result.retired = current.filter { $0 != result.newKey && inUse[$0] == nil }.sorted()
        try keyring.retire(result.retired)
        let details: [String: String] = [
            "new": result.newKey,
            "sealed_volunteers": String(result.sealed.sealedVolunteers),
            "sealed_tips": String(result.sealed.sealedTips),
            "rewrapped_volunteers": String(result.rewrapped.rewrappedVolunteers),
            "rewrapped_tips": String(result.rewrapped.rewrappedTips),
            "rewrapped_requests": String(result.rewrapped.rewrappedRequests),
            "retired_keys": String(result.retired.count),
            "keys_still_in_use": String(result.stillInUse.count),
        ]
        let newKey = result.newKey
        try await app.write { db in
            try await AuditLog.append(on: db, actor: .commandLine, action: "keys.rotate_data_key",
                                      objectType: "personal_data_key", objectID: newKey, details: details)
        }
        return result
    }

    private static func older(than newKey: String, _ uses: [String: Int]) -> [String: Int] {
        uses.filter { $0.key != newKey }
    }
}
