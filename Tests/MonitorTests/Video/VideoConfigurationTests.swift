import Foundation
import Testing

@testable import Monitor

@Suite struct VideoConfigurationTests {
    /// KAIGUUL_YTDLP, then `.venv-tools/bin/yt-dlp` under the working directory, then PATH.
    @Test func findsYtdlpInOrder() throws {
        let root = VideoTestSupport.temporaryDirectory("video-config")
        defer { try? FileManager.default.removeItem(at: root) }
        let venv = root.appendingPathComponent(".venv-tools/bin")
        let onPath = root.appendingPathComponent("path")
        for directory in [venv, onPath] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let tool = directory.appendingPathComponent("yt-dlp")
            try Data("#!/bin/sh\n".utf8).write(to: tool)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        }
        let explicit = onPath.appendingPathComponent("yt-dlp").path
        #expect(VideoConfiguration.fromEnvironment(["KAIGUUL_YTDLP": explicit, "PATH": "/nonexistent"],
                                                   workingDirectory: root.path).ytdlp == explicit)
        #expect(VideoConfiguration.fromEnvironment(["PATH": onPath.path], workingDirectory: root.path).ytdlp
                == venv.appendingPathComponent("yt-dlp").path)
        #expect(VideoConfiguration.fromEnvironment(["PATH": onPath.path], workingDirectory: "/nonexistent").ytdlp
                == explicit)
        // A configured path that is not there is not silently replaced by another yt-dlp.
        #expect(VideoConfiguration.fromEnvironment(["KAIGUUL_YTDLP": "/nonexistent/yt-dlp", "PATH": onPath.path],
                                                   workingDirectory: root.path).ytdlp == nil)
    }

    @Test func limitsFromTheEnvironment() {
        let configuration = VideoConfiguration.fromEnvironment(
            ["KAIGUUL_VIDEO_MAX_MB": "12", "KAIGUUL_VIDEO_MAX_SECONDS": "90", "KAIGUUL_VIDEO_TIMEOUT_SECONDS": "45"],
            workingDirectory: "/nonexistent")
        #expect(configuration.maximumVideoBytes == 12 * 1024 * 1024)
        #expect(configuration.maximumDurationSeconds == 90)
        #expect(configuration.downloadTimeout == .seconds(45))
        let defaults = VideoConfiguration.fromEnvironment(
            ["KAIGUUL_VIDEO_MAX_MB": "-3", "KAIGUUL_VIDEO_MAX_SECONDS": "lots"], workingDirectory: "/nonexistent")
        #expect(defaults.maximumVideoBytes == VideoConfiguration(ytdlp: nil).maximumVideoBytes)
        #expect(defaults.maximumDurationSeconds == VideoConfiguration(ytdlp: nil).maximumDurationSeconds)
    }
}
