import Evidence
import Fluent
import Foundation
import Testing
import Vapor

@testable import App

/// A capture row knows all three records written for it (request, response, metadata), so a
/// package can copy them byte for byte: each place must hold the record it claims, with the
/// digest the row recorded.
@Suite(.serialized) struct CaptureRecordGroupTests {
    @Test func aCaptureRowPointsAtItsRequestResponseAndMetadataRecords() async throws {
        let server = try await SiteServer.start { path in
            path == "/page" ? .ok("<html><body><p>Invented text for a capture.</p></body></html>") : .notFound
        }
        defer { Task { await server.stop() } }
        try await withApp { app in
            // setup
            let services = try app.useTestMonitoring(server: server)
            let sourceID = try await app.makeSource(.website, server.url("/page"))

            // MUT
            _ = try await CapturePipeline.check(sourceID: sourceID, job: nil, app: app)

            // validate
            let capture = try #require(try await Capture.query(on: app.db).filter(\.$role == "page").first())
            let file = services.warcDirectory.appendingPathComponent(try #require(capture.warcFile))
            let digests = try JSONDecoder().decode([String: String].self,
                                                   from: Data(try #require(capture.recordDigests).utf8))
            let places: [(String, Int?, Int?)] = [
                ("request", capture.requestOffset, capture.requestLength),
                ("response", capture.warcOffset, capture.warcLength),
                ("metadata", capture.metadataOffset, capture.metadataLength),
            ]
            var responseID: String?
            for (type, offset, length) in places {
                let at = try #require(offset, "\(type) offset")
                #expect(try #require(length, "\(type) length") > 0)
                let (header, _) = try WARCReader.readRecord(file: file, offset: UInt64(at), maxBlockBytes: 1 << 20)
                #expect(header.typeName == type)
                #expect(header.fields["WARC-Block-Digest"] == digests[type], "\(type)")
                if type == "response" { responseID = header.recordID }
                if type == "metadata" { #expect(header.fields["WARC-Concurrent-To"] == responseID) }
            }
            // The three records are contiguous: request, then response, then metadata.
            #expect(capture.requestOffset! + capture.requestLength! == capture.warcOffset!)
            #expect(capture.warcOffset! + capture.warcLength! == capture.metadataOffset!)
        }
    }
}
