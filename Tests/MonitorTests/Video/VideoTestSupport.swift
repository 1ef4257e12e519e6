import Foundation
import LoopbackHTTP
import Testing

@testable import Monitor

/// Paths and tools the video tests share: the repository (for `.venv-tools`), the yt-dlp fixtures, and
/// small videos made by ffmpeg on the spot.
enum VideoTestSupport {
    static let repository: URL = {
        // Tests/MonitorTests/Video/<file> → the repository root.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }()

    static let fixtures = repository.appendingPathComponent("Tests/MonitorTests/Fixtures/ytdlp")

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// yt-dlp as the product finds it, from the repository (`make tools`); a test that needs it fails with a
    /// message saying how to install it rather than passing without having run.
    static func configuration() throws -> VideoConfiguration {
        var configuration = VideoConfiguration.fromEnvironment(workingDirectory: repository.path)
        try #require(configuration.ytdlp != nil, "yt-dlp not found: run `make tools` (or set KAIGUUL_YTDLP)")
        configuration.metadataTimeout = .seconds(120)
        configuration.downloadTimeout = .seconds(120)
        configuration.listTimeout = .seconds(120)
        return configuration
    }

    static func temporaryDirectory(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kaiguul-\(label)-\(UUID().uuidString)")
    }

    /// A few seconds of ffmpeg's test pattern (frames that change every second, so PDQ has something to see),
    /// H.264 in MP4.
    static func makeClip(seconds: Int = 6, in directory: URL) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let clip = directory.appendingPathComponent("clip.mp4")
        try ffmpeg(["-f", "lavfi", "-i", "testsrc2=duration=\(seconds):size=320x240:rate=10",
                    "-pix_fmt", "yuv420p", "-c:v", "libx264", "-movflags", "+faststart", clip.path])
        return clip
    }

    static func makePoster(in directory: URL) throws -> URL {
        let poster = directory.appendingPathComponent("poster.jpg")
        try ffmpeg(["-f", "lavfi", "-i", "smptebars=size=320x240", "-frames:v", "1", poster.path])
        return poster
    }

    private static func ffmpeg(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"] + arguments
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ffmpeg failed: \(arguments)")
    }

    /// A fetcher that lets loopback 127.0.0.1 through (and nothing else private), and a guard proxy over it.
    static func withGuardProxy(_ body: (GuardProxy) async throws -> Void) async throws {
        var configuration = FetcherConfiguration()
        configuration.allowedNetworks = [CIDR("127.0.0.1/32")!]
        configuration.minimumDelayPerHost = .zero
        configuration.maximumConcurrentPerHost = 8
        configuration.connectTimeout = .seconds(30)
        configuration.readTimeout = .seconds(60)
        let fetcher = Fetcher(configuration: configuration)
        let proxy = try await GuardProxy.start(fetcher: fetcher)
        do {
            try await body(proxy)
        } catch {
            await proxy.stop()
            await fetcher.shutdown()
            throw error
        }
        await proxy.stop()
        await fetcher.shutdown()
    }
}

extension VideoTestSupport {
    /// A clip of different pictures (a fractal zoom), for a bank entry that must not match.
    static func makeOtherClip(in directory: URL) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let clip = directory.appendingPathComponent("other.mp4")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                             "mandelbrot=size=320x240:rate=10", "-t", "6", "-pix_fmt", "yuv420p", "-c:v", "libx264",
                             clip.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return clip
    }
}
