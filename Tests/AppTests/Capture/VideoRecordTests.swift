import Crypto
import Evidence
import Fluent
import Foundation
import Testing
import Vapor

@testable import App
@testable import Monitor

/// What yt-dlp fetched becomes resource records tied to its info JSON, the video and thumbnail are
/// stored as blobs under the payload's SHA-256, and a video not fetched is a row that says why.
@Suite(.serialized) struct VideoRecordTests {
    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test func aVideoPostBecomesResourceRecordsTiedToItsInfo() async throws {
        try await withApp { app in
            // setup
            let services = try app.useRecorderTestMonitoring()
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            let folder = app.kaiguul.dataDirectory.appendingPathComponent("ytdlp-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let videoBytes = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let thumbBytes = Data([0xff, 0xd8, 0xff, 0xe0] + Array("invented thumbnail".utf8))
            let vtt = Data("WEBVTT\n\n00:00.000 --> 00:02.000\nInvented words of the Lantern\n".utf8)
            try videoBytes.write(to: folder.appendingPathComponent("video.mp4"))
            try thumbBytes.write(to: folder.appendingPathComponent("thumbnail.jpg"))
            try vtt.write(to: folder.appendingPathComponent("subtitles.ky.vtt"))
            let post = "https://www.youtube.com/watch?v=inv3nted01"
            var result = VideoCaptureResult(requestedURL: post, started: Date())
            result.toolVersion = "yt-dlp 2025.01.15"
            result.infoJSON = Array("{\"id\":\"inv3nted01\",\"extractor_key\":\"Youtube\",\"title\":\"Invented\"}".utf8)
            var videoInfo = VideoInfo(id: "inv3nted01", extractor: "Youtube")
            videoInfo.title = "Invented"
            result.info = videoInfo
            result.video = VideoFile(file: folder.appendingPathComponent("video.mp4"),
                                     sourceURL: "https://media.example/inv3nted01.mp4", mediaType: "video/mp4",
                                     size: videoBytes.count)
            result.thumbnail = VideoFile(file: folder.appendingPathComponent("thumbnail.jpg"),
                                         sourceURL: "https://img.example/inv3nted01.jpg", mediaType: "image/jpeg",
                                         size: thumbBytes.count)
            result.subtitles = [VideoSubtitle(
                language: "ky", automatic: false,
                file: VideoFile(file: folder.appendingPathComponent("subtitles.ky.vtt"),
                                sourceURL: "https://subs.example/inv3nted01.ky.vtt", mediaType: "text/vtt", size: vtt.count),
                text: "Invented words of the Lantern")]
            result.refusals = [ProxyRefusal(host: "169.254.169.254", port: 80, url: "http://169.254.169.254/latest",
                                            address: "169.254.169.254", reason: "link-local address")]
            result.directory = folder

            // MUT
            let recorded = try await recorder.record(result, role: "archive", parentCaptureID: nil)

            // validate
            let rows = try await Capture.query(on: app.db).sort(\.$id).all()
            #expect(rows.count == 5)
            #expect(rows.allSatisfy { $0.captureMode == "video" })
            let info = try #require(rows.first { $0.id == recorded.infoCaptureID })
            #expect(info.role == "video-info" && info.parentCaptureID == nil)
            let (infoHeader, infoBlock) = try record(of: info, in: services)
            #expect(infoHeader.typeName == "resource")
            #expect(infoHeader.targetURI == "urn:video-info:\(post)")
            #expect(infoBlock == Data(try #require(result.infoJSON)))
            let (_, infoMeta) = try record(of: info, in: services, offset: info.metadataOffset)
            let infoFields = String(decoding: infoMeta, as: UTF8.self)
            #expect(infoFields.contains("tool: yt-dlp 2025.01.15"))
            #expect(infoFields.contains("extractor: Youtube"))
            #expect(infoFields.contains("requestedAs: archive"))
            #expect(infoFields.contains("refused: http://169.254.169.254/latest [169.254.169.254] link-local address"))

            let expected: [(Int?, String, String, Data)] = [
                (recorded.videoCaptureID, "video", "https://media.example/inv3nted01.mp4", videoBytes),
                (recorded.thumbnailCaptureID, "video-thumbnail", "https://img.example/inv3nted01.jpg", thumbBytes),
                (recorded.subtitleCaptureIDs.first, "subtitles", "https://subs.example/inv3nted01.ky.vtt", vtt),
            ]
            for (id, role, url, bytes) in expected {
                let row = try #require(rows.first { $0.id == id }, "\(role)")
                #expect(row.role == role && row.url == url && row.parentCaptureID == info.id)
                #expect(row.payloadSHA256 == Self.sha256(bytes))
                let (header, block) = try record(of: row, in: services)
                #expect(header.typeName == "resource")
                #expect(header.targetURI == url)
                #expect(header.fields.all("WARC-Concurrent-To") == [try #require(info.recordID)])
                #expect(block == bytes)
                let (_, meta) = try record(of: row, in: services, offset: row.metadataOffset)
                #expect(String(decoding: meta, as: UTF8.self).contains("tool: yt-dlp 2025.01.15"), "\(role)")
            }
            #expect(recorded.videoSHA256 == Self.sha256(videoBytes))
            #expect(recorded.thumbnailSHA256 == Self.sha256(thumbBytes))
            #expect(try services.blobs.read(Self.sha256(videoBytes), maxBytes: 1 << 20) == videoBytes)
            #expect(try services.blobs.read(Self.sha256(thumbBytes), maxBytes: 1 << 20) == thumbBytes)
            #expect(!services.blobs.contains(Self.sha256(vtt)), "subtitles are text for analysis, not media blobs")
            let refused = try #require(rows.first { $0.url == "http://169.254.169.254/latest" })
            #expect(refused.warcFile == nil && refused.role == "subresource" && refused.parentCaptureID == info.id)
            #expect(refused.error == "refused by the address guard: link-local address [169.254.169.254]")
            let files = Set(rows.compactMap(\.warcFile)).map { services.warcDirectory.appendingPathComponent($0) }
            for file in files {
                let problems = WARCConformance.check(file: file, options: .kaiguul).filter { $0.severity == .error }
                #expect(problems.isEmpty, "\(problems)")
            }
            try await services.warc.close()
            EvidenceSamples.keep(files, prefix: "video-record")
        }
    }

    @Test func aPrivateVideoIsARowWithYtDlpsMessageAndNoRecord() async throws {
        try await withApp { app in
            // setup
            let services = try app.useRecorderTestMonitoring()
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            var result = VideoCaptureResult(requestedURL: "https://vk.com/video-1_2", started: Date())
            result.toolVersion = "yt-dlp 2025.01.15"
            result.failure = VideoFailure(kind: .privateVideo, message: "ERROR: [vk] -1_2: This video is private")

            // MUT
            let recorded = try await recorder.record(result, role: "page", parentCaptureID: nil)

            // validate
            let rows = try await Capture.query(on: app.db).all()
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(recorded.videoCaptureID == row.id && recorded.infoCaptureID == nil)
            #expect(row.role == "video" && row.captureMode == "video" && row.warcFile == nil)
            #expect(row.error == "private: ERROR: [vk] -1_2: This video is private")
            #expect(await services.warc.fileNames.isEmpty, "nothing was written")
        }
    }

    @Test func aVideoTooLongKeepsItsInfoAndSaysWhyTheFileIsMissing() async throws {
        try await withApp { app in
            let services = try app.useRecorderTestMonitoring()
            let recorder = CaptureRecorder(source: nil, job: nil, services: services, app: app)
            var result = VideoCaptureResult(requestedURL: "https://ok.ru/video/1", started: Date())
            result.infoJSON = Array("{\"id\":\"1\"}".utf8)
            result.failure = VideoFailure(kind: .tooLong, message: "duration 7200 s is over the limit of 600 s")
            let recorded = try await recorder.record(result, role: "page", parentCaptureID: nil)
            let rows = try await Capture.query(on: app.db).all()
            let video = try #require(rows.first { $0.id == recorded.videoCaptureID })
            #expect(video.parentCaptureID == recorded.infoCaptureID)
            #expect(video.error == "too_long: duration 7200 s is over the limit of 600 s")
            #expect(rows.first { $0.id == recorded.infoCaptureID }?.warcFile != nil)
        }
    }
}
