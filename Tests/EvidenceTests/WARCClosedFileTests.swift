import Foundation
import Testing

@testable import Evidence

/// The writer reports every file it closes with the SHA-256 of its bytes, and carries a closed
/// file's timestamp into the next file without opening one for it.
@Suite struct WARCClosedFileTests {
    @Test func closedFileDigestIsTheFileOnDisk() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        _ = try await writer.write(sampleCapture(body: pseudoRandomBytes(70_000, seed: 3)))
        _ = try await writer.write(sampleCapture(uri: "https://news.example.kg/2"))

        // MUT
        let closed = try #require(try await writer.close())

        // validate
        let bytes = try Data(contentsOf: closed.url)
        #expect(closed.sha256 == (try coreutilsSHA256(bytes)))
        #expect(closed.size == UInt64(bytes.count))
        #expect(closed.url == temp.file(closed.name))
        #expect(try await writer.close() == nil)
    }

    @Test func everyRotatedFileIsReportedOnceInOrder() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url, maxFileSize: 1)
        var reported: [ClosedWARC] = []

        // MUT
        for index in 0..<3 { _ = try await writer.write(sampleCapture(uri: "https://news.example.kg/\(index)")) }
        try await writer.close()
        for await file in writer.closedFiles {
            reported.append(file)
            if reported.count == 3 { break }
        }

        // validate
        #expect(reported.map(\.name) == (await writer.fileNames))
        for file in reported {
            #expect(file.sha256 == (try coreutilsSHA256(try Data(contentsOf: file.url))))
        }
    }

    @Test func aFileIsClosedByAgeOnlyOnceOpenedBeforeTheCutoff() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        let before = Date()
        _ = try await writer.write(sampleCapture())

        // MUT
        let young = try await writer.close(openedBefore: before.addingTimeInterval(-1))
        let old = try await writer.close(openedBefore: Date())

        // validate
        #expect(young == nil)
        #expect(old?.name == (await writer.fileNames).first)
        #expect(await writer.currentFileName == nil)
    }

    @Test func timestampWaitsForTheNextCaptureAndComesRightAfterWarcinfo() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        _ = try await writer.write(sampleCapture())
        let first = try #require(try await writer.close())
        let token = Data("not a real token, the writer does not read it".utf8)
        let record = WARCTimestampRecord.capture(
            of: first, tsa: "https://tsa.example.kg/", genTime: Date(timeIntervalSince1970: 1_717_243_260),
            response: token, source: "timestamp")

        // MUT
        let atOnce = try await writer.writeInCurrentOrNextFile(record)
        let idleFiles = await writer.fileNames
        let next = try await writer.write(sampleCapture(uri: "https://news.example.kg/next"))
        try await writer.close()

        // validate
        #expect(atOnce == nil)
        #expect(idleFiles == [first.name])
        let records = try readAll(temp.file(next.location.filename))
        #expect(records.map(\.header.typeName) == ["warcinfo", "resource", "metadata", "request", "response", "metadata"])
        #expect(records[1].header.contentType == "application/timestamp-reply")
        #expect(records[1].header.targetURI == "urn:kaiguul:timestamp:\(first.name)")
        #expect(records[1].block == token)
        let about = String(decoding: records[2].block, as: UTF8.self)
        #expect(about.contains("timestampedFile: \(first.name)\r\n"))
        #expect(about.contains("timestampedFileDigest: sha256:\(first.sha256)\r\n"))
        #expect(about.contains("tsa: https://tsa.example.kg/\r\n"))
        #expect(about.contains("genTime: 2024-06-01T12:01:00Z\r\n"))
        #expect(WARCTimestampRecord.fileName(fromTargetURI: records[1].header.targetURI ?? "") == first.name)
        #expect(first.carried.isEmpty)
    }

    @Test func timestampGoesIntoTheOpenFileAtOnce() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        _ = try await writer.write(sampleCapture())
        let first = try #require(try await writer.close())
        _ = try await writer.write(sampleCapture(uri: "https://news.example.kg/open"))

        // MUT
        let written = try await writer.writeInCurrentOrNextFile(WARCTimestampRecord.capture(
            of: first, tsa: "https://tsa.example.kg/", genTime: Date(), response: Data([0x30, 0x00]),
            source: "timestamp"))
        let second = try #require(try await writer.close())

        // validate
        #expect(written?.resource.location.filename == second.name)
        #expect(second.sha256 == (try coreutilsSHA256(try Data(contentsOf: second.url))))
        #expect(second.carried == ["urn:kaiguul:timestamp:\(first.name)"])
        let types = try readAll(second.url).map(\.header.typeName)
        #expect(types == ["warcinfo", "request", "response", "metadata", "resource", "metadata"])
    }

    @Test func aRecordCutOffAfterAFailureLeavesTheDigestOfWhatStays() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        _ = try await writer.write(sampleCapture())
        // Reads differently every time (it counts the bytes this process has read), so the copy
        // fails its recheck after part of the member has gone to the file.
        let changing = URL(fileURLWithPath: "/proc/self/io")

        // MUT
        await #expect(throws: EvidenceError.sourceChanged(path: changing.path)) {
            _ = try await writer.write(ResourceCapture(
                targetURI: "https://news.example.kg/m.jpg", date: Date(), contentType: "image/jpeg",
                body: .file(changing), source: "test"))
        }
        let closed = try #require(try await writer.close())

        // validate
        #expect(closed.sha256 == (try coreutilsSHA256(try Data(contentsOf: closed.url))))
    }
}
