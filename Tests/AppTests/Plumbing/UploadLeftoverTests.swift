import Foundation
import Testing

@testable import App

/// Upload files a killed process left behind are removed at start, but never one another process
/// may still be writing.
@Suite struct UploadLeftoverTests {
    @Test func oldLeftoversGoAndRecentUploadsStay() throws {
        // setup
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-leftovers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let now = Date()
        let old = dir.appendingPathComponent("old.part"), recent = dir.appendingPathComponent("recent.part")
        try Data("left by a killed process".utf8).write(to: old)
        try Data("being received".utf8).write(to: recent)
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-UploadLeftovers.age - 60)],
                                              ofItemAtPath: old.path)
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-60)], ofItemAtPath: recent.path)
        // MUT
        let removed = UploadLeftovers.sweep(directory: dir, now: now)
        // validate
        #expect(removed == 1)
        #expect(!FileManager.default.fileExists(atPath: old.path))
        #expect(FileManager.default.fileExists(atPath: recent.path))
    }

    @Test func aMissingFolderIsNothingToSweep() {
        #expect(UploadLeftovers.sweep(directory: URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")) == 0)
    }
}
