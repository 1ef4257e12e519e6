import Foundation
import Vapor

/// Upload files a crashed or killed process left in `uploads-in-progress`. Another process behind the
/// same data folder may be receiving an upload right now, so only files older than any upload can take
/// are removed.
enum UploadLeftovers {
    static let age: TimeInterval = 6 * 3600

    /// Removes the files in `directory` last written before `now - age`; returns how many went.
    @discardableResult
    static func sweep(directory: URL, now: Date = Date(), age: TimeInterval = Self.age) -> Int {
        let keys: [URLResourceKey] = [.contentModificationDateKey, .isRegularFileKey]
        guard let files = try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: keys)
        else { return 0 }
        var removed = 0
        for file in files {
            guard let values = try? file.resourceValues(forKeys: Set(keys)), values.isRegularFile == true,
                  let written = values.contentModificationDate, written < now.addingTimeInterval(-age)
            else { continue }
            if (try? FileManager.default.removeItem(at: file)) != nil { removed += 1 }
        }
        return removed
    }
}

/// Sweeps the leftovers once at start.
struct UploadLeftoverSweeper: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        let removed = UploadLeftovers.sweep(directory: UploadMiddleware.directory(application.kaiguul))
        if removed > 0 { application.logger.notice("removed \(removed) upload file(s) left by an earlier process") }
    }
}
