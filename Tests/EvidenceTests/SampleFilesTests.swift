import Foundation
import Testing

@testable import Evidence

/// Writes a realistic set of evidence files (two rolled-over `.warc.gz` files and two WACZ
/// packages) and holds them to Kaiguul's own conformance rules.
///
/// With `KAIGUUL_EVIDENCE_SAMPLES_DIR` set, the files are written there and kept, so that
/// `scripts/check-warc.sh` can run the external validators (`warcio check`, `cdxj-indexer`,
/// `wacz validate`) over exactly what this code produces:
///
///     KAIGUUL_EVIDENCE_SAMPLES_DIR=$PWD/.build/evidence-samples swift test --filter SampleFiles
///     scripts/check-warc.sh .build/evidence-samples
@Suite struct SampleFilesTests {
    @Test func writeSamplesAndCheckThem() async throws {
        let temp = try TemporaryDirectory()
        let directory: URL
        if let path = ProcessInfo.processInfo.environment["KAIGUUL_EVIDENCE_SAMPLES_DIR"], !path.isEmpty {
            directory = URL(fileURLWithPath: path)
        } else {
            directory = temp.url
        }
        let warcs = directory.appendingPathComponent("warc")
        let run = UUID().uuidString.lowercased().prefix(8)
        let writer = try WARCWriter(configuration: WARCWriterConfiguration(
            directory: warcs, filePrefix: "kaiguul-sample-\(run)", maxFileSize: 150_000,
            software: "Kaiguul/0.0.0-test", collector: "sample-worker", operatorName: "Test Unit"))
        let base = Date(timeIntervalSince1970: 1_717_243_200)

        let html = Data("""
        <!doctype html><html lang="ky"><head><meta charset="utf-8"><title>Жаңылыктар</title></head>
        <body><p>Бул сыноо барагы. Это тестовая страница.</p><img src="/img/1.png"></body></html>
        """.utf8)
        let page = try await writer.write(sampleCapture(uri: "https://news.example.kg/", body: html, date: base))
        _ = try await writer.write(ResourceCapture(
            targetURI: "https://news.example.kg/img/1.png", date: base.addingTimeInterval(1), contentType: "image/png",
            body: .data(pseudoRandomBytes(120_000, seed: 7)), ipAddress: "192.0.2.10",
            concurrentTo: [page.response.recordID], source: "source:1 website news.example.kg"))
        _ = try await writer.write(sampleCapture(
            uri: "https://news.example.kg/feed.xml", body: Data("<rss version=\"2.0\"><channel/></rss>".utf8),
            date: base.addingTimeInterval(2), responseHeaders: [
                HTTPField("Content-Type", "application/rss+xml"), HTTPField("Transfer-Encoding", "chunked"),
            ]))
        _ = try await writer.write(sampleCapture(
            uri: "https://video.example.kg/big.mp4", body: pseudoRandomBytes(50_000, seed: 8),
            date: base.addingTimeInterval(3), truncated: .length, responseHeaders: [
                HTTPField("Content-Type", "video/mp4"), HTTPField("Content-Length", "90000000"),
            ]))
        _ = try await writer.write(sampleCapture(
            uri: "https://t.me/s/example_channel?before=120", body: Data(), date: base.addingTimeInterval(4),
            responseHeaders: [
                HTTPField("Location", "https://t.me/s/example_channel"), HTTPField("Content-Length", "0"),
            ]))
        _ = try await writer.write(sampleCapture(
            uri: "https://пример.кг/жаңылык?id=5", body: Data("Табылган жок".utf8),
            date: base.addingTimeInterval(5)))
        try await writer.close()
        let files = await writer.fileNames.map { warcs.appendingPathComponent($0) }
        #expect(files.count == 2)

        // A plain .warc too (gzip concatenates members on decompression), so the validators see both forms.
        let plain = warcs.appendingPathComponent(files[1].lastPathComponent.replacingOccurrences(of: ".gz", with: ""))
        try systemGunzip(try Data(contentsOf: files[1])).write(to: plain)

        let problems = WARCConformance.check(directory: warcs, options: .kaiguul)
        #expect(problems.isEmpty, "\(problems)")
        #expect(try readAll(plain).count == 7)

        let pages = [WACZPage(url: "https://news.example.kg/", date: base, title: "Жаңылыктар")]
        let metadata = WACZMetadata(title: "Sample capture", description: "Fictional test content.",
                                    software: "Kaiguul/0.0.0-test", created: base.addingTimeInterval(60),
                                    mainPageURL: "https://news.example.kg/", mainPageDate: base)
        let packed = try WACZWriter.write(
            warcFiles: files, pages: pages, metadata: metadata,
            to: directory.appendingPathComponent("kaiguul-sample-\(run).wacz"))
        let unpacked = try WACZWriter.write(
            warcFiles: files, pages: pages, metadata: metadata,
            to: directory.appendingPathComponent("kaiguul-sample-\(run)-plain.wacz"), warcEncoding: .decompressed)
        #expect(packed.indexLineCount == 6)
        #expect(unpacked.indexLineCount == 6)
    }
}
