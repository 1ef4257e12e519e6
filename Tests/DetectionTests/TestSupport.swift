import Foundation

/// Locates `shared/` beside the repository, following symlinks so tests also run from a development
/// package that links the test folder.
enum TestSupport {
    static func sharedDirectory(file: String = #filePath) -> URL? {
        var directory = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = directory.deletingLastPathComponent().appendingPathComponent("shared")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("fixtures").path)
                || FileManager.default.fileExists(atPath: candidate.appendingPathComponent("corpora").path) {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    static var corporaDirectory: URL? {
        sharedDirectory()?.appendingPathComponent("corpora")
    }

    static func lines(_ relativePath: String, limit: Int) -> [String] {
        guard let url = corporaDirectory?.appendingPathComponent(relativePath),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return Array(text.split(separator: "\n").prefix(limit).map(String.init))
    }
}
