import Foundation

/// Locates `../shared/fixtures` beside the repository, whether the tests run from the repository or
/// from a development package that symlinks this folder.
enum Fixtures {
    static let root: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
        for _ in 0..<6 {
            directory = directory.deletingLastPathComponent()
            let candidate = directory.appendingPathComponent("../shared/fixtures").standardizedFileURL
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    static func data(_ relativePath: String) throws -> [UInt8] {
        guard let root else { throw FixtureMissing(path: relativePath) }
        return Array(try Data(contentsOf: root.appendingPathComponent(relativePath)))
    }

    static func names(in folder: String) throws -> [String] {
        guard let root else { throw FixtureMissing(path: folder) }
        return try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path).sorted()
    }

    struct FixtureMissing: Error { let path: String }
}
