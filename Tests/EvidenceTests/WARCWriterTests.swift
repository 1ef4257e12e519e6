import Foundation
import Testing

@testable import Evidence

@Suite struct WARCWriterTests {
    @Test func captureIsWarcinfoThenLinkedRequestResponseAndMetadata() async throws {
        // setup
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)

        // MUT
        let written = try await writer.write(sampleCapture())
        try await writer.close()

        // validate
        let records = try readAll(temp.file(written.location.filename))
        #expect(records.map(\.header.typeName) == ["warcinfo", "request", "response", "metadata"])
        let (info, request, response, metadata) = (records[0].header, records[1].header, records[2].header,
                                                   records[3].header)
        #expect(info.fields["WARC-Filename"] == written.location.filename)
        #expect(info.targetURI == nil)
        #expect(request.fields["WARC-Concurrent-To"] == response.recordID)
        #expect(response.fields["WARC-Concurrent-To"] == request.recordID)
        #expect(metadata.fields["WARC-Concurrent-To"] == response.recordID)
        for record in records.dropFirst() {
            #expect(record.header.fields["WARC-Warcinfo-ID"] == info.recordID)
            #expect(record.header.targetURI == "https://news.example.kg/article/1?b=2&a=1")
            #expect(record.header.date == "2024-06-01T12:00:00.250000Z")
        }
        #expect(request.fields["WARC-IP-Address"] == "192.0.2.10")
        #expect(response.fields["WARC-IP-Address"] == "192.0.2.10")
        #expect(response.contentType == "application/http;msgtype=response")
        #expect(response.fields["WARC-Truncated"] == nil)
        let ids = records.compactMap(\.header.recordID)
        #expect(Set(ids).count == 4)
        #expect(ids.allSatisfy { $0.hasPrefix("<urn:uuid:") && $0.hasSuffix(">") && $0.count == 47 })
        let metadataText = String(decoding: records[3].block, as: UTF8.self)
        #expect(metadataText.contains("collector: test-worker\r\n"))
        #expect(metadataText.contains("software: Kaiguul/0.0.0-test\r\n"))
        #expect(metadataText.contains("source: source:7 website news.example.kg\r\n"))
        #expect(written.response.location == written.location)
        #expect(written.request.location.offset < written.response.location.offset)
    }

    /// A browser knows the address it connected to only when the URL names one: an unknown address
    /// must leave the field out, not write an empty `WARC-IP-Address` (the field's value is an address).
    @Test func unknownAddressWritesNoIPAddressField() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        var capture = sampleCapture()
        capture.ipAddress = ""
        let written = try await writer.write(capture)
        try await writer.close()
        let records = try readAll(temp.file(written.location.filename))
        #expect(records.count == 4)
        for record in records { #expect(record.header.fields["WARC-IP-Address"] == nil) }
    }

    @Test func digestsAgreeWithCoreutils() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        let body = pseudoRandomBytes(100_000, seed: 1)

        let written = try await writer.write(sampleCapture(body: body))
        try await writer.close()

        let records = try readAll(temp.file(written.location.filename))
        let response = records[2]
        let payloadHex = try coreutilsSHA256(body)
        #expect(written.payloadSHA256 == payloadHex)
        #expect(response.header.fields["WARC-Payload-Digest"] == "sha256:\(payloadHex)")
        #expect(response.header.fields["WARC-Block-Digest"] == "sha256:\(try coreutilsSHA256(response.block))")
        #expect(httpBody(response.block) == body)
        #expect(response.header.contentLength == UInt64(response.block.count))
        for record in records {
            #expect(record.header.fields["WARC-Block-Digest"] == "sha256:\(try coreutilsSHA256(record.block))")
        }
        // Records without a payload carry no payload digest.
        #expect(records[0].header.fields["WARC-Payload-Digest"] == nil)
        #expect(records[3].header.fields["WARC-Payload-Digest"] == nil)
        #expect(records[1].header.fields["WARC-Payload-Digest"] == "sha256:\(try coreutilsSHA256(Data()))")
    }

    @Test func everyRecordIsOneGzipMemberAtItsReportedLocation() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        let first = try await writer.write(sampleCapture(body: Data("first".utf8)))
        let second = try await writer.write(sampleCapture(body: pseudoRandomBytes(70_000, seed: 2)))
        try await writer.close()

        let file = try Data(contentsOf: temp.file(first.location.filename))
        let locations = [first.request, first.response, first.metadata, second.request, second.response,
                         second.metadata].map(\.location)
        // Members tile the file after the warcinfo member, with no gaps or overlaps.
        #expect(locations.first?.offset ?? 0 > 0)
        for (before, after) in zip(locations, locations.dropFirst()) {
            #expect(before.offset + before.length == after.offset)
        }
        #expect(locations.last.map { $0.offset + $0.length } == UInt64(file.count))
        for (location, id) in zip(locations, [first.request, first.response, first.metadata, second.request,
                                              second.response, second.metadata].map(\.recordID)) {
            let member = file[Int(location.offset)..<Int(location.offset + location.length)]
            #expect(member.prefix(2) == Data([0x1f, 0x8b]))
            let record = try systemGunzip(Data(member))
            #expect(record.starts(with: Data("WARC/1.1\r\n".utf8)))
            #expect(record.suffix(4) == Data("\r\n\r\n".utf8))
            #expect(String(decoding: record.prefix(2000), as: UTF8.self).contains("WARC-Record-ID: \(id)\r\n"))
            // Exactly one record in the member.
            #expect(record.range(of: Data("WARC/1.1\r\n".utf8), in: 1..<record.count) == nil)
        }
    }

    @Test func rawRecordCopyAndReadAtLocation() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        let body = Data("evidence body".utf8)
        _ = try await writer.write(sampleCapture(body: Data("other".utf8)))
        let written = try await writer.write(sampleCapture(body: body))
        try await writer.close()
        let file = temp.file(written.location.filename)

        let (header, block) = try WARCReader.readRecord(
            file: file, offset: written.location.offset, maxBlockBytes: 1 << 20)
        #expect(header.recordID == written.response.recordID)
        #expect(httpBody(block) == body)

        var raw = Data()
        try WARCReader.copyRawRecord(file: file, location: written.location, chunkSize: 7) { raw.append($0) }
        #expect(raw.count == Int(written.location.length))
        let single = temp.file("single.warc.gz")
        try raw.write(to: single)
        let records = try readAll(single)
        #expect(records.count == 1)
        #expect(records.first?.header.recordID == written.response.recordID)
        #expect(WARCConformance.check(file: single, options: .kaiguul).filter { $0.severity == .error }.isEmpty)
    }

    @Test func filesRollOverAndKeepEachCaptureTogether() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url, maxFileSize: 50_000)
        var captures: [HTTPCaptureRecords] = []
        for seed in 0..<6 {
            captures.append(try await writer.write(sampleCapture(body: pseudoRandomBytes(30_000, seed: UInt64(seed)))))
        }
        try await writer.close()

        let names = await writer.fileNames
        #expect(names.count == 3)
        #expect(Set(names).count == names.count)
        for capture in captures {
            #expect(capture.request.location.filename == capture.response.location.filename)
            #expect(capture.metadata.location.filename == capture.response.location.filename)
        }
        for name in names {
            let records = try readAll(temp.file(name))
            #expect(records.first?.header.typeName == "warcinfo")
            #expect(records.first?.header.fields["WARC-Filename"] == name)
            #expect(records.filter { $0.header.typeName == "warcinfo" }.count == 1)
            #expect(name.hasPrefix("kaiguul-") && name.hasSuffix(".warc.gz") && name == name.lowercased())
        }
        // A file reaches the limit before the next capture goes elsewhere.
        for name in names.dropLast() {
            #expect(FileSupport.size(of: temp.file(name)) ?? 0 >= 50_000)
        }
        #expect(WARCConformance.check(directory: temp.url, options: .kaiguul).isEmpty)
    }

    @Test func truncatedBodyIsFlaggedOnTheResponseOnly() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        let cut = try await writer.write(sampleCapture(body: Data(repeating: 0x41, count: 1000), truncated: .length))
        let timed = try await writer.write(sampleCapture(truncated: .time))
        let whole = try await writer.write(sampleCapture())
        try await writer.close()

        let records = try readAll(temp.file(cut.location.filename))
        func record(_ id: String) -> WARCRecordHeader? { records.first { $0.header.recordID == id }?.header }
        #expect(record(cut.response.recordID)?.fields["WARC-Truncated"] == "length")
        #expect(record(cut.response.recordID)?.truncated == .length)
        #expect(record(cut.request.recordID)?.fields["WARC-Truncated"] == nil)
        #expect(record(timed.response.recordID)?.fields["WARC-Truncated"] == "time")
        #expect(record(whole.response.recordID)?.fields["WARC-Truncated"] == nil)
        #expect(cut.response.truncated == .length)
        #expect(whole.response.truncated == nil)
    }

    @Test func chunkedTransferEncodingHeaderIsRenamedSoThePayloadIsUnambiguous() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        let body = Data("de-chunked body".utf8)
        let written = try await writer.write(sampleCapture(body: body, responseHeaders: [
            HTTPField("Content-Type", "text/plain"), HTTPField("Transfer-Encoding", "chunked"),
        ]))
        try await writer.close()

        let response = try readAll(temp.file(written.location.filename))[2]
        let head = String(decoding: response.block.prefix(response.block.count - body.count), as: UTF8.self)
        #expect(!head.lowercased().contains("\r\ntransfer-encoding:"))
        #expect(head.contains("\r\nX-Kaiguul-Original-Transfer-Encoding: chunked\r\n"))
        #expect(httpBody(response.block) == body)
        #expect(WARCConformance.check(directory: temp.url, options: .kaiguul).isEmpty)
    }

    @Test func rawHeadsAreStoredByteForByte() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        let requestHead = Data("GET /x HTTP/1.1\r\nHost:  news.example.kg\r\nAccept: */*\r\n\r\n".utf8)
        let responseHead = Data("HTTP/1.1 200 Fine\r\ncontent-type:text/plain\r\nX-Odd:  a  \r\n\r\n".utf8)
        var capture = sampleCapture(body: Data("raw".utf8))
        capture.request.rawHead = requestHead
        capture.response.rawHead = responseHead
        var chunked = sampleCapture(body: Data("raw".utf8))
        chunked.response.rawHead = Data("HTTP/1.1 200 OK\r\ntransfer-encoding:  chunked\r\nX-A: b\r\n\r\n".utf8)
        var broken = sampleCapture(body: Data("raw".utf8))
        broken.response.rawHead = Data("HTTP/1.1 200 OK\r\n\r\nX-Smuggled: 1\r\n\r\n".utf8)

        let one = try await writer.write(capture)
        let two = try await writer.write(chunked)
        let three = try await writer.write(broken)
        try await writer.close()

        let records = try readAll(temp.file(one.location.filename))
        func block(_ id: String) -> Data { records.first { $0.header.recordID == id }?.block ?? Data() }
        #expect(block(one.request.recordID) == requestHead)
        #expect(block(one.response.recordID) == responseHead + Data("raw".utf8))
        #expect(block(two.response.recordID) == Data(
            "HTTP/1.1 200 OK\r\nX-Kaiguul-Original-Transfer-Encoding:  chunked\r\nX-A: b\r\n\r\nraw".utf8))
        // A raw head with an early blank line is not trusted: the fields are used instead.
        #expect(!String(decoding: block(three.response.recordID), as: UTF8.self).contains("X-Smuggled"))
        #expect(WARCConformance.check(directory: temp.url, options: .kaiguul).isEmpty)
    }

    @Test func hostileValuesCannotForgeFieldsOrBreakFraming() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        var capture = sampleCapture(uri: "https://evil.example/a b\r\nWARC-Type: resource")
        capture.response.headers.append(HTTPField("X-Injected\r\nWARC-Type", "x\r\n\r\nHTTP/1.1 200 OK"))
        capture.response.reason = "OK\r\nSet-Cookie: a=b"
        capture.source = "line one\r\nWARC-Type: forged"
        let written = try await writer.write(capture)
        try await writer.close()

        let records = try readAll(temp.file(written.location.filename))
        #expect(records.map(\.header.typeName) == ["warcinfo", "request", "response", "metadata"])
        #expect(records.allSatisfy { $0.header.fields.all("WARC-Type").count == 1 })
        #expect(records[2].header.targetURI == "https://evil.example/a%20b%0D%0AWARC-Type:%20resource")
        let block = String(decoding: records[2].block, as: UTF8.self)
        #expect(!block.contains("\r\nSet-Cookie"))
        #expect(WARCConformance.check(directory: temp.url, options: .kaiguul).isEmpty)
    }

    @Test func targetURIsAreWrittenAsRFC3986URIs() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        let written = try await writer.write(sampleCapture(uri: "https://Пример.кг:8443/жаңылык?q=а б#x"))
        try await writer.close()
        let records = try readAll(temp.file(written.location.filename))
        #expect(records[2].header.targetURI
            == "https://xn--e1afmkfd.xn--c1an:8443/%D0%B6%D0%B0%D2%A3%D1%8B%D0%BB%D1%8B%D0%BA?q=%D0%B0%20%D0%B1#x")
        #expect(HTTPSerialization.target("/a b/ж?x=\r\n") == "/a%20b/%D0%B6?x=%0D%0A")
        #expect(HTTPSerialization.uri("https://user@кг.example:80/") == "https://user@xn--c1an.example:80/")
    }

    @Test func fileBodiesStreamAndResourcesLinkToTheirPage() async throws {
        let temp = try TemporaryDirectory()
        let media = temp.file("photo.jpg")
        let bytes = pseudoRandomBytes(3_000_000, seed: 9)
        try bytes.write(to: media)
        let warcs = temp.url.appendingPathComponent("warc")
        let writer = try makeWriter(warcs)

        let page = try await writer.write(sampleCapture())
        let resource = try await writer.write(ResourceCapture(
            targetURI: "https://cdn.example.kg/p/1.jpg", date: Date(timeIntervalSince1970: 1_717_243_201),
            contentType: "image/jpeg", body: .file(media), concurrentTo: [page.response.recordID],
            source: "source:7"))
        try await writer.close()

        let expected = try coreutilsSHA256(bytes)
        #expect(resource.resource.payloadSHA256 == expected)
        #expect(resource.resource.payloadLength == 3_000_000)
        let records = try readAll(warcs.appendingPathComponent(resource.resource.location.filename))
        let stored = try #require(records.first { $0.header.recordID == resource.resource.recordID })
        #expect(stored.header.typeName == "resource")
        #expect(stored.header.contentType == "image/jpeg")
        #expect(stored.header.fields["WARC-Concurrent-To"] == page.response.recordID)
        #expect(stored.header.fields["WARC-Block-Digest"] == "sha256:\(expected)")
        #expect(stored.block == bytes)
        #expect(WARCConformance.check(directory: warcs, options: .kaiguul).isEmpty)
    }

    @Test func missingFileBodyFailsWithoutDamagingTheWARC() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        let before = try await writer.write(sampleCapture())
        await #expect(throws: EvidenceError.self) {
            _ = try await writer.write(ResourceCapture(
                targetURI: "https://cdn.example.kg/missing.jpg", date: Date(), contentType: "image/jpeg",
                body: .file(temp.file("does-not-exist")), source: "source:7"))
        }
        let after = try await writer.write(sampleCapture())
        try await writer.close()

        #expect(after.location.filename == before.location.filename)
        #expect(after.request.location.offset == before.metadata.location.offset + before.metadata.location.length)
        #expect(try readAll(temp.file(before.location.filename)).count == 7)
        #expect(WARCConformance.check(directory: temp.url, options: .kaiguul).isEmpty)
    }

    @Test func twoWritersNeverShareAFile() async throws {
        let temp = try TemporaryDirectory()
        let one = try makeWriter(temp.url)
        let two = try makeWriter(temp.url)
        let first = try await one.write(sampleCapture())
        let second = try await two.write(sampleCapture())
        try await one.close()
        try await two.close()
        #expect(first.location.filename != second.location.filename)
        #expect(try readAll(temp.file(first.location.filename)).count == 4)
        #expect(try readAll(temp.file(second.location.filename)).count == 4)
    }

    @Test func concurrentCapturesFromManyTasksAllLand() async throws {
        let temp = try TemporaryDirectory()
        let writer = try makeWriter(temp.url)
        let results = try await withThrowingTaskGroup(of: HTTPCaptureRecords.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await writer.write(sampleCapture(
                        uri: "https://news.example.kg/\(index)", body: Data("page \(index)".utf8)))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        try await writer.close()
        #expect(results.count == 20)
        let records = try readAll(temp.file(results[0].location.filename))
        #expect(records.count == 1 + 20 * 3)
        // Each capture's three records are adjacent.
        for result in results {
            #expect(result.request.location.offset + result.request.location.length == result.response.location.offset)
        }
        #expect(WARCConformance.check(directory: temp.url, options: .kaiguul).isEmpty)
    }
}
