import Detection
import Foundation
import Testing

@testable import App

@Suite struct FaviconHashCommandTests {
    @Test func hashesAFileOrEachFileOfAFolderAndNamesWhatItCouldNot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("favicon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("a".utf8).write(to: dir.appendingPathComponent("a.ico"))
        try Data("abc".utf8).write(to: dir.appendingPathComponent("b.ico"))
        try Data(count: FaviconHash.maxBytes + 1).write(to: dir.appendingPathComponent("huge.ico"))
        let command = MirrorsCommand.FaviconHashCommand.self

        // MUT: a folder: its files in name order, not its subfolder; the oversized one reported on stderr
        let files = command.files(at: dir.path)
        let result = command.hash(files: files)

        // validate: Python's mmh3.hash(base64.encodebytes(b"a")) and (b"abc")
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["a.ico", "b.ico", "huge.ico"])
        #expect(result.output == "-316242180 \(dir.path)/a.ico\n-868969266 \(dir.path)/b.ico\n")
        #expect(result.errors.contains("huge.ico"))
        let missing = command.hash(files: command.files(at: dir.appendingPathComponent("none.ico").path))
        #expect(missing.output.isEmpty && missing.errors.contains("none.ico: cannot be read"))
    }
}
