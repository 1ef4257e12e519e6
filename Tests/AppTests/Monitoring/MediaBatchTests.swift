import Fluent
import SQLKit
import Foundation
import Testing
import Vapor

@testable import App

/// A page's media are recorded together: their captures are inserted in one transaction (one WARC
/// sync) after the downloads, and each item still points at its own files. PostgreSQL shows the
/// transaction (`xmin`); on SQLite the test checks the links only.
@Suite(.serialized) struct MediaBatchTests {
    static func png(_ mark: UInt8) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: mark, count: 64)
    }

    static let site: SiteServer.Route = { path in
        switch path {
        case "/gallery/":
            return .ok("""
                <html><head><title>Invented gallery</title></head><body><p>Pictures of an invented fair.</p>
                <img src="/img/1.png"><img src="/img/2.png"><img src="/img/1.png"><img src="/img/missing.png">
                <img src="/img/3.png"></body></html>
                """)
        case "/img/1.png": return .ok(png(1), type: "image/png")
        case "/img/2.png": return .ok(png(2), type: "image/png")
        case "/img/3.png": return .ok(png(3), type: "image/png")
        default: return .notFound
        }
    }

    @Test func aChecksMediaAreRecordedInOneTransaction() async throws {
        let server = try await SiteServer.start(Self.site)
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let services = try app.useTestMonitoring(server: server)
            let sourceID = try await app.makeSource(.website, server.url("/gallery/"))

            // MUT
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)

            // validate: four distinct files fetched (the test limit per item), one missing; their rows in one insert
            // validate: four distinct files fetched (the test limit per item), one missing
            let media = try await Capture.query(on: app.db).filter(\.$role == "media").sort(\.$id).all()
            #expect(media.count == 4)
            if !app.usesSQLite, let sql = app.db as? any SQLDatabase {
                // PostgreSQL stamps each row with the transaction that wrote it: one for all the media.
                struct Row: Decodable { var writer: String }
                let writers = try await sql.raw("SELECT xmin::text AS writer FROM captures WHERE role = 'media'")
                    .all(decoding: Row.self)
                #expect(Set(writers.map(\.writer)).count == 1, "media rows written by \(Set(writers.map(\.writer)).count) transactions")
            }
            let item = try #require(try await Item.query(on: app.db).filter(\.$itemKey == "url:" + server.url("/gallery/")).first())
            let stored = StoredMedia.decodeList(item.media)
            #expect(stored.count == 4)
            for (index, file) in stored.enumerated() {
                let capture = try #require(media.first { $0.id == file.captureID }, "media \(index) has no capture")
                #expect(capture.url == file.url)
                if file.url.hasSuffix("missing.png") {
                    #expect(file.sha256 == nil && file.error != nil && capture.httpStatus == 404)
                } else {
                    let sha = try #require(file.sha256)
                    #expect(try services.blobs.read(sha, maxBytes: 1000).count == 72)
                }
            }
            #expect(Set(stored.compactMap(\.captureID)).count == 4)
        }
    }
}
